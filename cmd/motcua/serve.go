package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/db"
)

func serve(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	cfg, _, err := parse("serve", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	return a.Serve(ctx, ln)
}

func migrate(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	cfg, _, err := parse("migrate", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DB, cfg.Data)
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	newLogger(cfg, stderr).Info("migrations applied", "engine", d.Engine, "applied", n)
	return nil
}
