package bulk

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/linedesk/linedesk/ent"
)

// pool runs a job's items on a fixed number of goroutines. The first error an item returns
// (one that is not the customer's own refusal) stops the pool: items not yet started are
// skipped and stay PENDING for the next run.
type pool struct {
	ctx    context.Context
	cancel context.CancelFunc
	work   chan *ent.BulkJobItem
	wg     sync.WaitGroup
	done   atomic.Int64

	mu  sync.Mutex
	err error
}

// newPool starts n workers running fn on each submitted item and then after (progress).
func newPool(ctx context.Context, n int, fn func(context.Context, *ent.BulkJobItem) error, after func()) *pool {
	ctx, cancel := context.WithCancel(ctx)
	p := &pool{ctx: ctx, cancel: cancel, work: make(chan *ent.BulkJobItem)}
	for range max(n, 1) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for it := range p.work {
				if p.ctx.Err() != nil {
					continue
				}
				if err := fn(p.ctx, it); err != nil {
					p.fail(err)
					continue
				}
				p.done.Add(1)
				after()
			}
		}()
	}
	return p
}

func (p *pool) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
	p.cancel()
}

// submit hands it to a free worker, waiting for one; false when the pool has stopped.
func (p *pool) submit(it *ent.BulkJobItem) bool {
	select {
	case p.work <- it:
		return true
	case <-p.ctx.Done():
		return false
	}
}

// wait lets the running items finish and returns the pool's first error.
func (p *pool) wait() error {
	close(p.work)
	p.wg.Wait()
	p.cancel()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// finished is how many items the workers completed.
func (p *pool) finished() int { return int(p.done.Load()) }
