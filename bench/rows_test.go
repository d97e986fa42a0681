package bench

import "testing"

// TestRowsNameCases: WriteTable leaves out a row whose measurements are
// missing, so a row naming a case the suite does not define would vanish
// from the table without a word. Every row's subject and baseline must be
// a case of Groups.
func TestRowsNameCases(t *testing.T) {
	s := &Suite{ScaleThreads: []int{10, 100}, Objects: 10}
	cases := map[string]bool{}
	for _, g := range s.Groups() {
		for _, c := range g.Cases {
			cases[g.Name+"/"+c.Name] = true
		}
	}
	for _, r := range s.Rows() {
		for _, name := range []string{r.Subject, r.Baseline} {
			if name != "" && !cases[name] {
				t.Errorf("row %s (%s) names %q, which is no case of the suite", r.ID, r.What, name)
			}
		}
	}
}
