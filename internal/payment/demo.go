package payment

import (
	"context"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/vntext"
)

// DemoBIN is the bank of the demo city's collection accounts (970415 VietinBank, SBV CV 1589).
const DemoBIN = "970415"

// SeedDemoAccounts gives every agency without a collection account a made-up one at DemoBIN,
// so that VietQR works in the demo city; it is idempotent. Never for a real deployment.
func (s *Store) SeedDemoAccounts(ctx context.Context) error {
	ags, err := s.org.Agencies(ctx)
	if err != nil {
		return err
	}
	for _, a := range ags {
		holder := strings.ToUpper(vntext.Fold(a.Name))
		if len(holder) > 60 {
			holder = holder[:60]
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO collection_accounts (agency_id, bank_bin, account, holder, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_id) DO NOTHING`, a.ID, DemoBIN, fmt.Sprintf("1130%08d", a.ID), holder, s.now()); err != nil {
			return err
		}
	}
	return nil
}
