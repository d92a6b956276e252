package radius

import (
	"net/netip"
	"sync"
	"time"
)

// replyCache remembers, for a few seconds, the reply to each request (keyed on source
// address, identifier and Request Authenticator), so that a retransmit gets the same answer
// without running the handler again, and a retransmit that arrives while the first copy is
// still being handled (an accounting commit) is dropped instead of handled twice.
type replyCache struct {
	ttl    time.Duration
	shards [64]cacheShard
}

type cacheKey struct {
	src  netip.AddrPort
	id   byte
	auth [16]byte
}

type cacheEntry struct {
	reply []byte // nil while in flight
}

type cacheShard struct {
	mu        sync.Mutex
	cur, prev map[cacheKey]*cacheEntry
	rotated   time.Time
}

func newReplyCache(ttl time.Duration) *replyCache {
	c := &replyCache{ttl: ttl}
	for i := range c.shards {
		c.shards[i].cur = map[cacheKey]*cacheEntry{}
		c.shards[i].prev = map[cacheKey]*cacheEntry{}
	}
	return c
}

func (c *replyCache) shard(k cacheKey) *cacheShard {
	return &c.shards[(k.auth[0]^k.auth[7]^k.id)%64]
}

// cacheState is what begin found.
type cacheState int

const (
	cacheNew      cacheState = iota // first copy: handle it
	cacheReplied                    // answered before: resend the reply
	cacheInFlight                   // first copy still being handled: drop this one
)

// begin looks k up and, when it is new, marks it in flight.
func (c *replyCache) begin(k cacheKey, now time.Time) (cacheState, []byte) {
	s := c.shard(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Sub(s.rotated) >= c.ttl { // entries live between ttl and 2·ttl
		s.prev, s.cur = s.cur, make(map[cacheKey]*cacheEntry, len(s.cur))
		s.rotated = now
	}
	e := s.cur[k]
	if e == nil {
		if e = s.prev[k]; e != nil {
			s.cur[k] = e
		}
	}
	if e != nil {
		if e.reply == nil {
			return cacheInFlight, nil
		}
		return cacheReplied, e.reply
	}
	s.cur[k] = &cacheEntry{}
	return cacheNew, nil
}

// finish stores the reply to k.
func (c *replyCache) finish(k cacheKey, reply []byte) {
	s := c.shard(k)
	s.mu.Lock()
	if e := s.cur[k]; e != nil {
		e.reply = reply
	} else if e := s.prev[k]; e != nil {
		e.reply = reply
	} else {
		s.cur[k] = &cacheEntry{reply: reply}
	}
	s.mu.Unlock()
}

// abort forgets k, so a retransmit is handled afresh (after a failed commit).
func (c *replyCache) abort(k cacheKey) {
	s := c.shard(k)
	s.mu.Lock()
	delete(s.cur, k)
	delete(s.prev, k)
	s.mu.Unlock()
}
