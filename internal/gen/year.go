package gen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

// offDayWeight is a day off's demand relative to a working day: online filings only.
const offDayWeight = 0.06

type event struct {
	at       time.Time
	actor    int64
	action   string
	from, to dossier.Status
	note     string
}

type stepRow struct {
	step                string
	assignee            int64
	started, due, ended time.Time
	late                bool
}

type att struct {
	component, file, kind string
	by                    int64
	at                    time.Time
}

// rec is one dossier as it will be written.
type rec struct {
	id      int64
	code    string
	seq     seqKey
	proc    *proc
	ag      *agency
	app     *person // the applicant: a citizen account, or anon
	anon    person
	account bool // the applicant has an account (applicant_id)
	channel dossier.Channel
	form    string
	// Recorded at filing (dossier.filedFacts): its papers are electronic; it reuses a document
	// on file (the applicant's stored uploads, made before the year).
	digitised, reused bool
	// The workflow's state columns.
	status                    dossier.Status
	step, role, resume        string
	stepDue                   time.Time
	assignee, createdBy       int64
	supplements, extended     int
	sla                       string
	bound                     bool // process_id set: someone acted on it
	submitted, received, due  time.Time
	finished, updated, paused time.Time
	escalated, originalDue    time.Time
	// What happened, in order.
	events []event
	steps  []stepRow
	atts   []att
}

// chunk is a batch of dossiers written in one transaction, with the sequences they used.
type chunk struct {
	recs  []*rec
	seqs  map[seqKey]int
	stats Stats
}

type dayPlan struct {
	date    calendar.Date
	n       int
	working bool
}

// plan spreads n dossiers over the days from From to To in proportion to demand, rounding by
// largest remainder so the counts add up to n exactly.
func (g *generator) plan(n int) ([]dayPlan, error) {
	var days []dayPlan
	var ws []float64
	sum := 0.0
	last := calendar.DateOf(g.to.Add(-time.Nanosecond))
	for d := calendar.DateOf(g.from); d.Compare(last) <= 0; d = d.AddDays(1) {
		working, err := g.cal.IsWorkingDay(d)
		if err != nil {
			return nil, err
		}
		w := offDayWeight
		if working {
			w = weekdayFactor[d.Weekday()]
		}
		w *= monthFactor[d.Month]
		if end := d.AddDays(1).At(0); g.to.Before(end) {
			// Only the part of the last day before To.
			w *= min(max(g.to.Sub(d.At(8*time.Hour)).Hours()/9, 0), 1)
		}
		days = append(days, dayPlan{date: d, working: working})
		ws = append(ws, w)
		sum += w
	}
	if sum == 0 {
		return nil, fmt.Errorf("no working time between %v and %v", g.from, g.to)
	}
	type rem struct {
		i int
		f float64
	}
	var rems []rem
	given := 0
	for i, w := range ws {
		x := float64(n) * w / sum
		days[i].n = int(x)
		given += days[i].n
		rems = append(rems, rem{i, x - math.Floor(x)})
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for k := 0; given < n; k++ {
		days[rems[k%len(rems)].i].n++
		given++
	}
	return days, nil
}

// dossiers generates and writes the dossiers: one goroutine makes chunks, this one writes them.
func (g *generator) dossiers(ctx context.Context, began time.Time) error {
	if g.opts.Dossiers == 0 {
		return nil
	}
	days, err := g.plan(g.opts.Dossiers)
	if err != nil {
		return err
	}
	if g.nextID, err = g.maxID(ctx, "dossiers"); err != nil {
		return err
	}
	rows, err := g.d.Query(ctx, `SELECT agency_id, day, last FROM dossier_sequences`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k seqKey
		var n int
		if err := rows.Scan(&k.agency, &k.day, &n); err != nil {
			rows.Close()
			return err
		}
		g.seq[k] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan *chunk, 1)
	produced := make(chan error, 1)
	go func() {
		defer close(chunks)
		produced <- g.produce(ctx, days, chunks)
	}()
	w := newWriter(g.d, g.process)
	var werr error
	for c := range chunks {
		if werr != nil {
			continue
		}
		if werr = w.write(ctx, c); werr != nil {
			cancel()
			continue
		}
		g.add(&c.stats)
		if g.opts.Progress != nil {
			s := g.stats
			s.Elapsed = time.Since(began)
			g.opts.Progress(s)
		}
	}
	perr := <-produced
	if werr != nil {
		return werr
	}
	return perr
}

func (g *generator) add(c *Stats) {
	s := &g.stats
	s.Dossiers += c.Dossiers
	s.Events += c.Events
	s.Steps += c.Steps
	s.Attachments += c.Attachments
	s.Sequences += c.Sequences
	s.Open += c.Open
	s.Overdue += c.Overdue
	s.Late += c.Late
	s.SupplementRequests += c.SupplementRequests
	s.Extensions += c.Extensions
	for k, v := range c.ByStatus {
		s.ByStatus[k] += v
	}
	for k, v := range c.ByChannel {
		s.ByChannel[k] += v
	}
	if s.First == "" {
		s.First, s.Period[0] = c.First, c.Period[0]
	}
	s.Last, s.Period[1] = c.Last, c.Period[1]
}

func newChunk() *chunk {
	return &chunk{seqs: map[seqKey]int{}, stats: Stats{ByStatus: map[dossier.Status]int{}, ByChannel: map[dossier.Channel]int{}}}
}

// produce makes the year's dossiers day by day, in order of submission, and sends them in
// chunks. It alone draws from the seeded generator, so the rows depend only on the seed and
// the database's prior content.
func (g *generator) produce(ctx context.Context, days []dayPlan, out chan<- *chunk) error {
	r := rand.New(rand.NewPCG(uint64(g.opts.Seed), 0xd055^uint64(g.nextID)))
	c := newChunk()
	var form strings.Builder
	for _, day := range days {
		if err := ctx.Err(); err != nil {
			return err
		}
		recs := make([]*rec, 0, day.n)
		for range day.n {
			recs = append(recs, g.draw(r, day))
		}
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].submitted.Before(recs[j].submitted) })
		yymmdd := fmt.Sprintf("%02d%02d%02d", day.date.Year%100, int(day.date.Month), day.date.Day)
		for _, x := range recs {
			g.nextID++
			x.id = g.nextID
			x.seq = seqKey{x.ag.id, yymmdd}
			g.seq[x.seq]++
			c.seqs[x.seq] = g.seq[x.seq]
			x.code = fmt.Sprintf("%s-%s-%04d", x.ag.nationalID, yymmdd, g.seq[x.seq])
			g.fillForm(r, x, &form)
			l := &life{g: g, r: r, d: x}
			if err := l.run(); err != nil {
				return fmt.Errorf("gen: dossier %s: %w", x.code, err)
			}
			c.count(x, g)
			c.recs = append(c.recs, x)
		}
		if len(c.recs) >= chunkSize {
			select {
			case out <- c:
			case <-ctx.Done():
				return ctx.Err()
			}
			c = newChunk()
		}
	}
	if len(c.recs) > 0 {
		select {
		case out <- c:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (c *chunk) count(x *rec, g *generator) {
	s := &c.stats
	s.Dossiers++
	s.Events += len(x.events)
	s.Steps += len(x.steps)
	s.Attachments += len(x.atts)
	s.ByStatus[x.status]++
	s.ByChannel[x.channel]++
	if x.role != "" {
		s.Open++
		// Overdue as every read says it (workflow.Deadlines): past its step's or its whole time.
		if !x.stepDue.IsZero() && g.asOf.After(x.stepDue) || !x.due.IsZero() && g.asOf.After(x.due) {
			s.Overdue++
		}
	}
	if !x.due.IsZero() && !x.finished.IsZero() && x.finished.After(x.due) &&
		(x.status == dossier.StatusDone || x.status == dossier.StatusReturned) {
		s.Late++
	}
	s.SupplementRequests += x.supplements
	s.Extensions += x.extended
	if s.First == "" {
		s.First, s.Period[0] = x.code, x.submitted
	}
	s.Last, s.Period[1] = x.code, x.submitted
	s.Sequences = len(c.seqs)
}

// draw makes up one dossier filed on day: what, where, by whom, how and when.
func (g *generator) draw(r *rand.Rand, day dayPlan) *rec {
	x := &rec{}
	province := len(g.pProcs) > 0 && r.Float64() >= communeShare
	switch {
	case !day.working && province && !g.onlineP.empty():
		x.proc = g.pProcs[g.onlineP.pick(r)]
	case !day.working:
		x.proc = g.cProcs[g.onlineC.pick(r)]
	case province:
		x.proc = g.pProcs[g.province.pick(r)]
	default:
		x.proc = g.cProcs[g.commune.pick(r)]
	}
	x.ag = x.proc.agencies[x.proc.pick.pick(r)]
	u := r.Float64()
	switch {
	case !day.working || u < x.proc.online:
		x.channel = dossier.ChannelOnline
	case u < x.proc.online+pPost*(1-x.proc.online):
		x.channel = dossier.ChannelPost
	default:
		x.channel = dossier.ChannelCounter
	}
	for try := 0; ; try++ {
		x.submitted = day.date.At(g.timeOfDay(r, x.channel))
		if !x.submitted.Before(g.from) && x.submitted.Before(g.to) {
			break
		}
		if try == 20 {
			x.submitted = later(g.from, g.to.Add(-time.Duration(1+r.IntN(30))*time.Minute))
			break
		}
	}
	if x.channel == dossier.ChannelOnline || r.Float64() < pCounterAccount {
		pool := g.citizens
		var idx int
		if !x.ag.province && len(x.ag.citizens) > 0 && r.Float64() < pLocal {
			// Frequent filers exist: draw with a skew towards the front of the list.
			idx = x.ag.citizens[int(float64(len(x.ag.citizens))*math.Pow(r.Float64(), 1.6))]
		} else {
			idx = int(float64(len(pool)) * math.Pow(r.Float64(), 1.6))
		}
		x.app, x.account = &g.citizens[idx], true
	} else {
		home := x.ag
		if home.province {
			home = g.units[g.unitPick.pick(r)]
		}
		x.anon = newPerson(r, home.place, home.ward, g.opts.Year-18-r.IntN(62))
		x.app = &x.anon
	}
	if x.channel == dossier.ChannelOnline {
		x.createdBy = x.app.id
	} else {
		x.createdBy = pickOfficer(r, x.ag.reception).id
	}
	return x
}

// timeOfDay is when a filing arrives: online at any hour, mostly in office hours and the
// evening; paper ones across the counter's sessions, busier in the morning.
func (g *generator) timeOfDay(r *rand.Rand, ch dossier.Channel) time.Duration {
	if ch == dossier.ChannelOnline {
		return time.Duration(onlineHours.pick(r))*time.Hour + time.Duration(r.IntN(3600))*time.Second
	}
	ss := calendar.DefaultOfficeHours()
	s := ss[0]
	if r.Float64() >= 0.58 && len(ss) > 1 {
		s = ss[1]
	}
	return s.Start + time.Duration(r.Int64N(int64(s.End-s.Start-10*time.Minute)))
}

func (g *generator) fillForm(r *rand.Rand, x *rec, b *strings.Builder) {
	p := x.app
	family, _, _ := strings.Cut(p.name, " ")
	sex := "Nam"
	if p.female {
		sex = "Nữ"
	}
	v := formValues{name: p.name, family: family, given: p.givenName, id: p.idNumber, phone: national(p.phone),
		address: p.address, birth: p.birth, sex: sex,
		date: x.submitted.AddDate(0, 0, -10-r.IntN(50)).In(vntime.Location()).Format("2006-01-02")}
	x.form = x.proc.form.fill(b, &v)
}

func pickOfficer(r *rand.Rand, os []officer) officer {
	if len(os) == 0 {
		return officer{}
	}
	return os[r.IntN(len(os))]
}
