package site

import "testing"

func TestReadableURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.org/a/b?c=d", "https://example.org/a/b?c=d"},
		{"https://wikiwand.com/ru/%D0%A5%D0%BE%D0%B4%D0%B6%D0%B0%D0%BB%D0%B8%D0%BD%D1%81%D0%BA%D0%B0%D1%8F_%D1%80%D0%B5%D0%B7%D0%BD%D1%8F", "https://wikiwand.com/ru/Ходжалинская_резня"},
		{"https://example.org/%c3%a9t%C3%A9?q=%C3%BC#%C3%A0", "https://example.org/été?q=ü#à"},
		// ASCII escapes stay: the text names the same address.
		{"https://example.org/a%2Fb%20c%25", "https://example.org/a%2Fb%20c%25"},
		// Bytes that are not UTF-8 text, or not visible, stay escaped.
		{"https://example.org/%FF%FE", "https://example.org/%FF%FE"},
		{"https://example.org/%C2%A0x", "https://example.org/%C2%A0x"},
		{"https://example.org/%E2%80%8B", "https://example.org/%E2%80%8B"},
		// A cut escape, a stray percent.
		{"https://example.org/%D0", "https://example.org/%D0"},
		{"https://example.org/100%", "https://example.org/100%"},
		{"https://example.org/%D0%A5%D0", "https://example.org/%D0%A5%D0"},
	} {
		if got := readableURL(tc.in); got != tc.want {
			t.Errorf("readableURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
