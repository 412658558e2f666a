// Package apptest starts a real motcua server for end-to-end tests. Only tests import it, so
// the production binary links neither testing nor dbtest.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// Config is a demo configuration on a fresh database of the named engine ("sqlite" or
// "postgres"), for a test that opens its App, or several replicas on one database, itself.
func Config(t testing.TB, engine string) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Demo = true
	cfg.Data = t.TempDir()
	if engine == "postgres" {
		base := dbtest.PostgresURL(t)
		cfg.DB = dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
	}
	return cfg
}

// Start starts a demo motcua on a free loopback port with a fresh database of the named
// engine ("sqlite" or "postgres") and returns its base URL; it stops when the test ends.
func Start(t testing.TB, engine string, opts ...func(*config.Config)) (*app.App, string) {
	t.Helper()
	return StartWith(t, engine, nil, opts...)
}

// StartWith is Start with before, when not nil, run on the opened App before it serves (to
// give its stores a test clock, say).
func StartWith(t testing.TB, engine string, before func(*app.App), opts ...func(*config.Config)) (*app.App, string) {
	t.Helper()
	cfg := Config(t, engine)
	for _, o := range opts {
		o(&cfg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = ln.Addr().String()
	cfg.BaseURL = "http://" + cfg.Addr
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if before != nil {
		before(a)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		a.Close()
	})
	return a, cfg.BaseURL
}
