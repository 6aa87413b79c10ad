package charts

import (
	"reflect"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
)

// TestCategories: the union of the row labels in order of first
// appearance across tables, each label's index among them.
func TestCategories(t *testing.T) {
	tab := func(labels ...string) *table {
		tt := &table{Table: &aggregate.Table{}}
		for _, l := range labels {
			tt.Rows = append(tt.Rows, labelledRow{Label: l})
		}
		return tt
	}
	cats, index := categories([]*table{tab("b", "a", "b"), tab(), tab("c", "a", "")})
	if want := []string{"b", "a", "c", ""}; !reflect.DeepEqual(cats, want) {
		t.Fatalf("categories = %q, want %q", cats, want)
	}
	for i, c := range cats {
		if index[c] != i {
			t.Errorf("index[%q] = %d, want %d", c, index[c], i)
		}
	}
	if len(index) != len(cats) {
		t.Errorf("%d indices for %d categories", len(index), len(cats))
	}
	if cats, index := categories(nil); cats != nil || len(index) != 0 {
		t.Errorf("no tables: %q, %v", cats, index)
	}
}
