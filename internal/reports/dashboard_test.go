package reports

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/customers"
)

// TestStatusesCountOncePerRequest: the status fields of one request, resolved concurrently,
// share one count.
func TestStatusesCountOncePerRequest(t *testing.T) {
	var d Dashboard
	var calls atomic.Int32
	count := func(context.Context) (customers.StatusFigures, error) {
		calls.Add(1)
		time.Sleep(10 * time.Millisecond)
		return customers.StatusFigures{Total: 3, Online: 1, Offline: 1, Expired: 1}, nil
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := d.figures(context.Background(), count)
			if err != nil || f.Total != 3 {
				t.Errorf("figures %+v, %v", f, err)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("counted %d times, want once", n)
	}
}
