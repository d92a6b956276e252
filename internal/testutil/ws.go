package testutil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// Subscription is a GraphQL subscription over the graphql-transport-ws protocol.
type Subscription struct {
	conn *websocket.Conn
	Next chan json.RawMessage // each "next" payload's data
	Err  chan error
}

// Subscribe opens a WebSocket to url (ws://host/graphql), authenticates with token in the
// connection_init payload and starts query. The subscription ends with ctx.
func Subscribe(ctx context.Context, url, origin, token, query string, vars map[string]any) (*Subscription, error) {
	hdr := http.Header{}
	if origin != "" {
		hdr.Set("Origin", origin)
	}
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: hdr})
	if err != nil {
		return nil, fmt.Errorf("dialing %s: %w", url, err)
	}
	init := map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}
	if err := wsjson.Write(ctx, conn, init); err != nil {
		conn.CloseNow()
		return nil, err
	}
	var ack struct {
		Type    string          `json:"type"`
		Payload json.RawMessage `json:"payload"`
	}
	if err := wsjson.Read(ctx, conn, &ack); err != nil {
		conn.CloseNow()
		return nil, fmt.Errorf("waiting for connection_ack: %w", err)
	}
	if ack.Type != "connection_ack" {
		conn.CloseNow()
		return nil, fmt.Errorf("expected connection_ack, got %s %s", ack.Type, ack.Payload)
	}
	sub := map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}}
	if err := wsjson.Write(ctx, conn, sub); err != nil {
		conn.CloseNow()
		return nil, err
	}
	s := &Subscription{conn: conn, Next: make(chan json.RawMessage, 1024), Err: make(chan error, 1)}
	go func() {
		defer conn.CloseNow()
		for {
			var msg struct {
				Type    string `json:"type"`
				Payload struct {
					Data   json.RawMessage `json:"data"`
					Errors json.RawMessage `json:"errors"`
				} `json:"payload"`
			}
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				s.Err <- err
				return
			}
			switch msg.Type {
			case "next":
				s.Next <- msg.Payload.Data
			case "ping":
				_ = wsjson.Write(ctx, conn, map[string]any{"type": "pong"})
			case "error":
				s.Err <- fmt.Errorf("subscription error: %s", msg.Payload.Errors)
				return
			case "complete":
				s.Err <- fmt.Errorf("subscription completed")
				return
			}
		}
	}()
	return s, nil
}

// Close ends the subscription.
func (s *Subscription) Close() { s.conn.Close(websocket.StatusNormalClosure, "") }
