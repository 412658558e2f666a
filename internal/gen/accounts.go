package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
)

// two to four specialists (more at busier agencies) and a leader — tn.<code>, cv.<code>.<n>,
// ld.<code> — and each agency a few scanned documents and result documents to attach.
func (g *generator) addOfficers(ctx context.Context) error {
	next, err := g.maxID(ctx, "users")
	if err != nil {
		return err
	}
	// Seeded, and varied by what is already there: a second run with the same seed must not
	// make the same file ids.
	r := rand.New(rand.NewPCG(uint64(g.opts.Seed), 0x0ff1ce^uint64(next)))
	users := newInserter(g.d, "users", userCols)
	var files rowList
	ranked := append([]*agency{}, g.units...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].weight > ranked[j].weight })
	nSpecial := map[*agency]int{}
	for i, a := range ranked {
		nSpecial[a] = 2 + 2*(len(ranked)-1-i)/len(ranked) + boolInt(i < len(ranked)/3)
	}
	created := g.start.AddDate(0, -6, 0)
	return g.d.InTx(ctx, func(tx *db.Tx) error {
		add := func(a *agency, role org.Role, username string) (officer, error) {
			next++
			p := newPerson(r, a.place, a.ward, 1970+r.IntN(30))
			o := officer{id: next, name: p.name}
			err := users.add(ctx, tx, next, username, g.hash, p.name, nil, nil, string(role), a.id, 1, ts(created),
				0, 0, p.idNumber, p.birth, nil, "", "vi")
			g.stats.Officers++
			return o, err
		}
		for _, a := range g.agencies {
			code := strings.ToLower(a.code)
			n := nSpecial[a]
			if a.province {
				n = 4
			}
			want := []seat{{org.RoleReception, "tn." + code}}
			for k := 1; k <= n; k++ {
				want = append(want, seat{org.RoleSpecialist, fmt.Sprintf("cv.%s.%d", code, k)})
			}
			want = append(want, seat{org.RoleLeader, "ld." + code})
			for _, w := range want {
				if g.usernames[w.username] {
					continue
				}
				o, err := add(a, w.role, w.username)
				if err != nil {
					return err
				}
				switch w.role {
				case org.RoleReception:
					a.reception = append(a.reception, o)
				case org.RoleSpecialist:
					a.special = append(a.special, o)
				default:
					a.leader = append(a.leader, o)
				}
			}
			for len(a.scans) < 8 {
				id := fileID(r)
				files.add(id, a.reception[0].id, g.file.sum, g.file.size, g.file.typ, fmt.Sprintf("scan-%02d.pdf", len(a.scans)+1), ts(created))
				a.scans = append(a.scans, id)
				g.stats.Files++
			}
			for len(a.results) < 4 {
				id := fileID(r)
				files.add(id, a.leader[0].id, g.file.sum, g.file.size, g.file.typ, fmt.Sprintf("ket-qua-%02d.pdf", len(a.results)+1), ts(created))
				a.results = append(a.results, id)
				g.stats.Files++
			}
		}
		if err := users.flush(ctx, tx); err != nil {
			return err
		}
		return files.write(ctx, tx, newInserter(g.d, "files", fileCols))
	})
}

// rowList holds rows to write after the rows they refer to.
type rowList [][]any

func (l *rowList) add(vals ...any) { *l = append(*l, vals) }

func (l *rowList) write(ctx context.Context, tx *db.Tx, in *inserter) error {
	for _, row := range *l {
		if err := in.add(ctx, tx, row...); err != nil {
			return err
		}
	}
	*l = (*l)[:0]
	return in.flush(ctx, tx)
}

// seat is an officer account an agency should have.
type seat struct {
	role     org.Role
	username string
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// addCitizens creates opts.Citizens citizen accounts (cd.0000001, …; password "demo") living in
// the wards and communes in proportion to their size, each with two uploaded documents.
func (g *generator) addCitizens(ctx context.Context) error {
	var last string
	err := g.d.QueryRow(ctx, `SELECT COALESCE(MAX(username), '') FROM users WHERE username LIKE 'cd.%'`).Scan(&last)
	if err != nil {
		return err
	}
	serial := 0
	fmt.Sscanf(strings.TrimPrefix(last, "cd."), "%d", &serial)
	r := rand.New(rand.NewPCG(uint64(g.opts.Seed), 0xc171^uint64(serial)))
	next, err := g.maxID(ctx, "users")
	if err != nil {
		return err
	}
	users, files := newInserter(g.d, "users", userCols), newInserter(g.d, "files", fileCols)
	var pending rowList
	for done := 0; done < g.opts.Citizens; {
		n := min(g.opts.Citizens-done, 50_000)
		err := g.d.InTx(ctx, func(tx *db.Tx) error {
			for range n {
				next++
				serial++
				u := g.units[g.unitPick.pick(r)]
				p := newPerson(r, u.place, u.ward, g.opts.Year-18-r.IntN(62))
				p.id, p.phone = next, uniquePhone(serial)
				var email any
				if r.IntN(5) < 2 {
					p.email = emailOf(p.name, serial)
					email = p.email
				}
				created := g.start.Add(-time.Duration(r.IntN(700*24)) * time.Hour)
				if err := users.add(ctx, tx, next, fmt.Sprintf("cd.%07d", serial), g.hash, p.name, email, p.phone, "citizen",
					nil, 1, ts(created), boolInt(email != nil), 1, p.idNumber, p.birth, u.code, p.address, "vi"); err != nil {
					return err
				}
				for k, name := range []string{"giay-to-tuy-than.pdf", "giay-to-kem-theo.pdf"} {
					p.files[k] = fileID(r)
					pending.add(p.files[k], next, g.file.sum, g.file.size, g.file.typ, name, ts(created))
				}
				u.citizens = append(u.citizens, len(g.citizens))
				g.citizens = append(g.citizens, p)
			}
			if err := users.flush(ctx, tx); err != nil {
				return err
			}
			return pending.write(ctx, tx, files)
		})
		if err != nil {
			return err
		}
		done += n
		g.stats.Citizens += n
		g.stats.Files += 2 * n
	}
	return nil
}
