package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
)

// TestViewsAcrossReplicas: two `motcua serve` on one database count an article's views each in
// memory and write them as increments when they shut down; a server started afterwards reads
// their sum. Views survive restarts and replicas without a write per view.
func TestViewsAcrossReplicas(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { viewsAcrossReplicas(t, engine) })
	}
}

func viewsAcrossReplicas(t *testing.T, engine string) {
	cfg := apptest.Config(t, engine)
	// start serves one replica; stop shuts it down gracefully, as SIGTERM does.
	start := func() (base string, stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- a.Serve(ctx, ln) }()
		return "http://" + ln.Addr().String(), func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
			a.Close()
		}
	}
	read := func(base string, n int) int64 {
		var got articleOut
		for range n {
			(&client{t: t, base: base}).json("GET", "/api/v1/articles/"+guidePath[len("/tin-tuc/"):], nil, 200, &got)
		}
		return got.Views
	}
	one, stopOne := start()
	two, stopTwo := start()
	read(one, 3)
	read(two, 2)
	stopOne()
	stopTwo()
	three, stopThree := start()
	defer stopThree()
	if got := read(three, 1); got != 6 {
		t.Errorf("views after two replicas shut down and one more read = %d; want 6", got)
	}
}
