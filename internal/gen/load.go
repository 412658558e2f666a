package gen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

// stableUnit is a number in [0, 1) fixed by a string, so an agency's size does not depend on
// the seed and stays the same across runs that add to one database.
func stableUnit(s string, salt byte) float64 {
	h := fnv.New64a()
	h.Write([]byte{salt})
	h.Write([]byte(s))
	return float64(h.Sum64()>>11) / (1 << 53)
}

func (g *generator) loadCity(ctx context.Context) error {
	as, err := org.NewStore(g.d).Agencies(ctx)
	if err != nil {
		return err
	}
	var busiest float64
	var demoWard *agency
	for _, a := range as {
		if a.Kind == org.KindCity {
			continue
		}
		x := &agency{id: a.ID, code: a.Code, nationalID: a.NationalID, province: a.Level == "province",
			ward: a.Kind == org.KindWard, place: strings.TrimPrefix(a.Name, "UBND ")}
		if x.nationalID == "" {
			x.nationalID = a.Code
		}
		if !x.province {
			// Log-normal sizes (σ 0.5) around 1.6 for wards, 0.8 for communes: urban wards
			// are denser. Box–Muller over two stable uniforms.
			u1, u2 := max(stableUnit(a.Code, 1), 1e-9), stableUnit(a.Code, 2)
			z := math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
			base := 0.8
			if x.ward {
				base = 1.6
			}
			x.weight = base * math.Exp(0.5*z)
			busiest = max(busiest, x.weight)
			if a.Code == "00070" {
				demoWard = x
			}
			g.units = append(g.units, x)
		}
		g.agencies = append(g.agencies, x)
	}
	if len(g.units) == 0 {
		return errors.New("gen: no wards or communes; seed the demo city first (demo.Seed)")
	}
	if demoWard != nil {
		// The demo accounts work at Hoàn Kiếm: make it as busy as the busiest ward, the worst
		// case an officer meets.
		demoWard.weight = busiest
	}
	w := make([]float64, len(g.units))
	for i, u := range g.units {
		w[i] = u.weight
	}
	g.unitPick = newCumul(w)
	return nil
}

func (g *generator) agency(code string) *agency {
	for _, a := range g.agencies {
		if a.code == code {
			return a
		}
	}
	return nil
}

func (g *generator) loadProcedures(ctx context.Context) error {
	ps, err := catalog.NewStore(g.d).All(ctx)
	if err != nil {
		return err
	}
	rank := func(list []string, code string) int {
		if i := slices.Index(list, code); i >= 0 {
			return i + 1
		}
		return len(list) + 5
	}
	var cw, pw, cwo, pwo []float64
	for _, p := range ps {
		if p.Status != catalog.StatusActive {
			continue
		}
		x := &proc{p: p, online: onlineShare[p.OnlineLevel]}
		for _, c := range p.AgencyCodes {
			if a := g.agency(c); a != nil {
				x.agencies = append(x.agencies, a)
			}
		}
		if len(x.agencies) == 0 {
			for _, a := range g.agencies {
				if a.province == (p.Level == catalog.LevelProvince) {
					x.agencies = append(x.agencies, a)
				}
			}
		}
		if len(x.agencies) == 0 {
			continue
		}
		aw := make([]float64, len(x.agencies))
		for i, a := range x.agencies {
			aw[i] = 1 // departments share their procedures evenly
			if !a.province {
				aw[i] = a.weight
			}
		}
		x.pick = newCumul(aw)
		for _, c := range p.Components {
			if !dossier.FormOnly(c) {
				x.comps = append(x.comps, c.ID)
			}
		}
		for _, c := range p.Components {
			if dossier.FormOnly(c) {
				x.comps = append(x.comps, c.ID)
			}
		}
		if x.form, err = newFormTemplate(p); err != nil {
			return fmt.Errorf("gen: procedure %s: %w", p.Code, err)
		}
		if p.Level == catalog.LevelProvince {
			w := math.Pow(float64(rank(provinceRank, p.Code)), -zipfExponent)
			g.pProcs, pw, pwo = append(g.pProcs, x), append(pw, w), append(pwo, w*x.online)
		} else {
			w := math.Pow(float64(rank(communeRank, p.Code)), -zipfExponent)
			g.cProcs, cw, cwo = append(g.cProcs, x), append(cw, w), append(cwo, w*x.online)
		}
	}
	if len(g.cProcs) == 0 {
		return errors.New("gen: no commune-level procedures in force; seed the demo catalog first (demo.Seed)")
	}
	g.commune, g.onlineC = newCumul(cw), newCumul(cwo)
	if len(g.pProcs) > 0 {
		g.province, g.onlineP = newCumul(pw), newCumul(pwo)
	}
	return nil
}

// loadProcess finds the default process definition, storing it as the workflow would on its
// first action if nobody has acted yet.
func (g *generator) loadProcess(ctx context.Context) error {
	def := workflow.Default()
	g.steps, g.stepIdx = map[string]*workflow.Step{}, map[string]int{}
	for i := range def.Steps {
		s := &def.Steps[i]
		g.steps[s.ID], g.stepIdx[s.ID] = s, i
		g.weights = append(g.weights, s.BudgetPercent)
	}
	err := g.d.QueryRow(ctx, `SELECT id FROM process_definitions WHERE procedure_code = '' ORDER BY version DESC LIMIT 1`).Scan(&g.process)
	if err == nil || !errors.Is(err, db.ErrNotFound) {
		return err
	}
	doc, err := json.Marshal(def)
	if err != nil {
		return err
	}
	g.process, err = db.InsertID(ctx, g.d, `INSERT INTO process_definitions (procedure_code, version, doc, created_at)
		VALUES ('', 1, ?, ?)`, string(doc), time.Now().UTC())
	return err
}

func (g *generator) loadSample(ctx context.Context) error {
	// One argon2id hash for every generated account (password "demo"): hashing each would
	// take longer than generating the year.
	var err error
	if g.hash, err = identity.HashPassword(demo.Password); err != nil {
		return err
	}
	if g.opts.SampleFile != "" {
		return g.d.QueryRow(ctx, `SELECT sha256, size, content_type FROM files WHERE id = ?`, g.opts.SampleFile).Scan(
			&g.file.sum, &g.file.size, &g.file.typ)
	}
	sum := sha256.Sum256(samplePDF)
	g.file.sum, g.file.size, g.file.typ = hex.EncodeToString(sum[:]), int64(len(samplePDF)), dossier.TypePDF
	return nil
}

// loadPeople reads the officers, citizens and files already there, so a second run adds to
// the first: the same officers work on, and earlier citizens file again.
func (g *generator) loadPeople(ctx context.Context) error {
	byID := map[int64]*agency{}
	for _, a := range g.agencies {
		byID[a.id] = a
	}
	g.usernames = map[string]bool{}
	rows, err := g.d.Query(ctx, `SELECT id, username, full_name, role, COALESCE(agency_id, 0), active FROM users
		WHERE role IN ('reception', 'specialist', 'leader') ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o officer
		var username, role string
		var ag int64
		var active int
		if err := rows.Scan(&o.id, &username, &o.name, &role, &ag, &active); err != nil {
			rows.Close()
			return err
		}
		g.usernames[username] = true
		a := byID[ag]
		if a == nil || active != 1 {
			continue
		}
		switch org.Role(role) {
		case org.RoleReception:
			a.reception = append(a.reception, o)
		case org.RoleSpecialist:
			a.special = append(a.special, o)
		case org.RoleLeader:
			a.leader = append(a.leader, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Officers' generated files: scans at reception, result documents at approval.
	rows, err = g.d.Query(ctx, `SELECT f.id, f.name, u.agency_id FROM files f JOIN users u ON u.id = f.owner_id
		WHERE u.role IN ('reception', 'leader') AND (f.name LIKE 'scan-%' OR f.name LIKE 'ket-qua-%') ORDER BY f.name, f.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, name string
		var ag int64
		if err := rows.Scan(&id, &name, &ag); err != nil {
			rows.Close()
			return err
		}
		if a := byID[ag]; a != nil {
			if strings.HasPrefix(name, "scan-") {
				a.scans = append(a.scans, id)
			} else {
				a.results = append(a.results, id)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return g.loadCitizens(ctx)
}

func (g *generator) loadCitizens(ctx context.Context) error {
	units := map[string]*agency{}
	for _, u := range g.units {
		units[u.code] = u
	}
	rows, err := g.d.Query(ctx, `SELECT id, full_name, COALESCE(id_number, ''), COALESCE(phone, ''), COALESCE(email, ''),
		COALESCE(unit_code, ''), address_line, COALESCE(birth_date, '') FROM users WHERE role = 'citizen' AND active = 1 ORDER BY id`)
	if err != nil {
		return err
	}
	index := map[int64]int{}
	for rows.Next() {
		var p person
		var unit string
		if err := rows.Scan(&p.id, &p.name, &p.idNumber, &p.phone, &p.email, &unit, &p.address, &p.birth); err != nil {
			rows.Close()
			return err
		}
		if f := strings.Fields(p.name); len(f) > 0 {
			p.givenName = f[len(f)-1]
		}
		// The CCCD's fourth digit: even for men, odd for women.
		p.female = len(p.idNumber) == 12 && (p.idNumber[3]-'0')%2 == 1
		index[p.id] = len(g.citizens)
		if u := units[unit]; u != nil {
			u.citizens = append(u.citizens, len(g.citizens))
		}
		g.citizens = append(g.citizens, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = g.d.Query(ctx, `SELECT f.owner_id, f.id FROM files f JOIN users u ON u.id = f.owner_id
		WHERE u.role = 'citizen' AND f.name LIKE 'giay-to-%' ORDER BY f.owner_id, f.name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner int64
		var id string
		if err := rows.Scan(&owner, &id); err != nil {
			return err
		}
		if i, ok := index[owner]; ok {
			p := &g.citizens[i]
			if p.files[0] == "" {
				p.files[0] = id
			} else if p.files[1] == "" {
				p.files[1] = id
			}
		}
	}
	return rows.Err()
}

// maxID is the largest id of a table. Generate hands out users and dossier ids itself, so the
// rows that point at them can be written in the same batch.
func (g *generator) maxID(ctx context.Context, table string) (int64, error) {
	var n int64
	err := g.d.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&n)
	return n, err
}

// fileID is a random-looking 32-hex-digit id like the ones uploads get, from the seeded RNG.
func fileID(r *rand.Rand) string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return hex.EncodeToString(b[:])
}
