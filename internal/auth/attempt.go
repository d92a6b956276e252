package auth

import (
	"context"
	"errors"
	"time"
)

// Attempt is a sign-in attempt a Throttle admitted, for callers other than staff login (the
// subscriber portal): the caller checks the credentials itself, then ends the attempt with
// Failed, Succeeded or Release. A nil *Attempt (no throttle) does nothing.
type Attempt struct{ l *lease }

// Admit reserves an attempt for key (a name in the caller's own namespace, at most 64
// bytes, never a staff username: prefix it, e.g. "p:alice") from address at now, with the
// limits of staff login; ErrThrottled when it may not start now.
func (t *Throttle) Admit(ctx context.Context, key, address string, now time.Time) (*Attempt, error) {
	if t == nil {
		return nil, nil
	}
	l, err := t.reserve(ctx, key, address, now.UTC())
	if err != nil {
		if errors.Is(err, ErrThrottled) {
			throttledCount.Add(1)
		}
		return nil, err
	}
	return &Attempt{l: l}, nil
}

// Failed ends the attempt as a failure at time at (it counts against key and address).
func (a *Attempt) Failed(ctx context.Context, at time.Time) error {
	if a == nil {
		return nil
	}
	return a.l.failed(ctx, at.UTC())
}

// Succeeded ends the attempt as a success: the key's failures from this address are cleared.
func (a *Attempt) Succeeded(ctx context.Context) error {
	if a == nil {
		return nil
	}
	return a.l.succeeded(ctx)
}

// Release ends an attempt that was not decided (an internal error).
func (a *Attempt) Release(ctx context.Context) error {
	if a == nil {
		return nil
	}
	return a.l.release(ctx)
}
