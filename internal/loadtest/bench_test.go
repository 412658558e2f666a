package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// BenchmarkSubmit posts online submissions to an in-process server (apptest.Start) from 100
// concurrent clients, so that a CPU or mutex profile covers the server's work:
//
//	go test ./internal/loadtest -run '^$' -bench Submit/sqlite -benchtime 10000x -cpuprofile cpu.out
//	go tool pprof -top -cum -focus 'db.\(\*DB\).InTx' internal/loadtest.test cpu.out
//
// The profile also holds the setup (the demo seed, password hashing for sign-in) and the
// clients. TestSubmitLoad is the measurement of record; this is for finding where the time goes.
func BenchmarkSubmit(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			a, base := apptest.Start(b, engine)
			tg := target{engine: engine, data: a.Cfg.Data, url: a.Cfg.DB}
			cits, _ := prepareCitizens(b, tg, base, 10)
			hc := loopbackClient(100, 0)
			defer hc.CloseIdleConnections()
			var n, failed atomic.Int64
			b.SetParallelism(50) // 50 per P: 100 clients with GOMAXPROCS 2
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					status, body, err := submit(context.Background(), hc, base, cits[i%int64(len(cits))], fmt.Sprintf("bench-%d", i))
					if err != nil || status != http.StatusCreated {
						if failed.Add(1) == 1 {
							b.Errorf("submit = %d %s %v", status, body, err)
						}
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submissions/s")
		})
	}
}
