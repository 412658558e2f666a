// Package loadtest holds motcua's end-to-end load and durability tests. They build the real
// binary, start it as a separate process on a loopback port with a fresh database, and drive
// it over HTTP as citizens would:
//
//   - TestSubmitLoad (run only with MOTCUA_LOADTEST=1) posts online submissions from 100
//     concurrent clients and compares the rate with this machine's limit for the same writes,
//     measured in the same run: pgbench running scripts/loadtest/submit.sql on PostgreSQL, a
//     plain Go loop of the same inserts on SQLite.
//   - TestKillDuringSubmissions kills the server with SIGKILL in the middle of concurrent
//     submissions, restarts it and checks that every answered submission is complete and that
//     retries with the same Idempotency-Key create no duplicates.
//   - TestKillDuringPayments kills the server with SIGKILL while citizens pay fee invoices
//     through the demo's VNPay sandbox, as its queue sends the sandbox's IPNs, restarts it, runs
//     the reconciliation and checks that every payment the sandbox confirmed is paid exactly
//     once in the ledger (or refunded as a second payment), and nothing else is.
//   - TestSignInFlood (run only with MOTCUA_LOADTEST=1) floods the token endpoint with wrong
//     sign-ins from 100 concurrent clients behind a pretend proxy, checking that one account is
//     throttled (429) and printing the server's idle and peak RSS and their ratio.
//   - TestReadLoad (run only with MOTCUA_LOADTEST=1) reads the busy day's public pages and
//     API answers from 100 keep-alive clients, alternating rounds with a hello-world server
//     run as a child process, and prints the ratios of the rates beside issue 15's goals.
//   - TestOfficeLoad (run only with MOTCUA_LOADTEST=1) posts submissions from 100 clients in
//     rounds alternating between all of them at one ward and the same clients spread over the
//     wards, and prints one office ÷ spread with p50 and p99 beside issue 15's goal; it fails
//     on an error or a day's number used twice or skipped.
//   - TestBusyDay (run only with MOTCUA_LOADTEST=1) is the busy day's mix: thousands of
//     keep-alive visitors reading with a person's pauses while bursts of submissions arrive at
//     three offices each second; it prints each kind's rate and p50/p95/p99 and the server's
//     peak memory beside issue 15's 200 MB.
//   - TestSecondStart (run only with MOTCUA_LOADTEST=1) restarts the server on a seeded
//     database and prints the time from exec to its first answer beside issue 15's 500 ms.
//   - BenchmarkSubmit runs the same submissions against an in-process server, for profiling
//     with go test -cpuprofile.
//
// The package has no code outside its tests.
package loadtest
