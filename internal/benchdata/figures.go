// Package benchdata generates large projects for benchmarks and for the
// tests that need a build long enough to interrupt: figure rows written
// like data/casualties.csv (quoted wording with commas, doubled quotes,
// ranges, Cyrillic text, values spanning lines), in groups whose subsets
// and parts name their whole as parent, so that every rule runs.
package benchdata

import "strconv"

// AppendFigure appends figure row i of a generated figures file (the
// columns of a figures file, FiguresHeader) about event; sid(k) names the
// k-th source cited. The words are made up; only their shape is real. Rows come in groups of eight: a
// whole, three subsets that may overlap, two parts of a partition, a figure
// another source gives as a range, and one attributed to someone else.
func AppendFigure(b []byte, i int, event string, sid func(int) string) []byte {
	g := i / 8
	whole := "f" + strconv.Itoa(g) + "-killed"
	src := sid(g)
	total := 600 + g%400
	id := func(suffix string) []byte {
		b = append(b, 'f')
		b = strconv.AppendInt(b, int64(g), 10)
		b = append(b, suffix...)
		return b
	}
	switch i % 8 {
	case 0:
		id("-killed")
		b = append(b, ',')
		b = append(b, event...)
		b = append(b, ",killed,all,,,"...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ",exact,,,persons,2016,"...)
		b = append(b, src...)
		b = append(b, `,,"`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ` persons, including 106 women, 63 children and 70 elderly were killed",Over two days by the first report. Primary series.`+"\n"...)
	case 1, 2, 3:
		group := [...]string{"women", "children", "elderly"}[i%8-1]
		id("-killed-" + group)
		b = append(b, ',')
		b = append(b, event...)
		b = append(b, ",killed,"...)
		b = append(b, group...)
		b = append(b, ',')
		b = append(b, whole...)
		b = append(b, ",overlap,"...)
		b = strconv.AppendInt(b, int64(total/(3+i%8)), 10)
		b = append(b, ",exact,,,persons,2016-02,"...)
		b = append(b, src...)
		b = append(b, `,,"`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ` persons, including 106 women, 63 children and 70 elderly were killed",subset of the whole; groups may overlap`+"\n"...)
	case 4, 5:
		group := [...]string{"male", "female"}[i%8-4]
		id("-examined-" + group)
		b = append(b, ',')
		b = append(b, event...)
		b = append(b, ",killed,"...)
		b = append(b, group...)
		b = append(b, ',')
		b = append(b, whole...)
		b = append(b, ",partition,"...)
		b = strconv.AppendInt(b, int64(total/2-i%8), 10)
		b = append(b, ",exact,,,persons,1992-03-01,"...)
		b = append(b, src...)
		b = append(b, `,,"181 bodies (130 male and 51 female, including 13 children)",130 male + 51 female = 181`+"\n"...)
	case 6:
		id("-killed-range")
		b = append(b, ',')
		b = append(b, event...)
		b = append(b, ",killed,all,,,,range,500,1000,persons,1994-12,"...)
		b = append(b, sid(g+1)...)
		b = append(b, `,,as many as 500-1000 may have died,"the report gives only a range of possible deaths (""may have died"")"`+"\n"...)
	default:
		id("-killed-officials")
		b = append(b, ',')
		b = append(b, event...)
		b = append(b, ",killed,all,,,485,about,,,persons,,"...)
		b = append(b, sid(g+2)...)
		b = append(b, ';')
		b = append(b, sid(g+3)...)
		if g%16 == 0 {
			// a value spanning lines, as a spreadsheet writes a cell with line breaks
			b = append(b, ",A national parliament,\"включая умерших\nот переохлаждения\",\"includes deaths from cold; date not recorded\"\n"...)
		} else {
			b = append(b, ",A national parliament,включая умерших от переохлаждения,\"includes deaths from cold; the quoted words are the mirror's (\"\"including those who died of cold\"\")\"\n"...)
		}
	}
	return b
}
