package customers_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/testutil"
)

// BenchmarkImportPrefixesAndStatics imports IMPORT_BENCH_ROWS (default 2,000) new customers,
// each with a delegated IPv6 prefix and a static address, on each database: every prefix is
// checked against the others through one in-memory index, every address claimed in the
// import's transaction. Run with -benchtime 1x.
func BenchmarkImportPrefixesAndStatics(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("IMPORT_BENCH_ROWS")); err == nil && v > 0 {
		n = v
	}
	var file strings.Builder
	file.WriteString("username,phone,profile,delegated_ipv6_prefix,static_ip\n")
	for i := range n {
		fmt.Fprintf(&file, "u%06d,07%08d,home,2001:db8:%x::/56,10.%d.%d.%d\n", i, 10000000+i, 0x1000+i, 1+i/65536, (i/256)%256, i%256)
	}
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := testutil.OpenStore(b, kind)
				ctx := context.Background()
				st.Client.Profile.Create().SetName("Home").SetDownloadKbps(10000).SetUploadKbps(5000).SetValidityDays(30).SetPrice(100).ExecX(ctx)
				b.StartTimer()
				res, err := customers.Import(ctx, st, testutil.Box(b), strings.NewReader(file.String()), customers.ImportOptions{})
				if err != nil || !res.Applied {
					b.Fatal(err, res)
				}
			}
		})
	}
}
