package radius

import (
	"testing"
	"time"

	"github.com/linedesk/linedesk/radius/client"
)

// BenchmarkHandleAuth measures the handler alone (no sockets), per method.
func BenchmarkHandleAuth(b *testing.B) {
	for _, m := range []client.Method{client.PAP, client.CHAP, client.MSCHAPv2} {
		b.Run(string(m), func(b *testing.B) {
			s := newOfflineServer(b)
			s.authLog.maxPending = 1 << 30
			reqs := make([][]byte, 1024)
			for i := range reqs {
				p, _, _ := client.NewAccessRequest([]byte(testSecret), m, "alice", "pw")
				reqs[i], _ = client.Encode(p)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%1024 == 0 {
					s.cache = newReplyCache(5 * time.Second)
				}
				if s.handleAuth(reqs[i%1024], nasAddr, time.Now()) == nil {
					b.Fatal("no reply")
				}
			}
		})
	}
}
