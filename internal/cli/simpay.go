package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/payments/paystack"
)

// runSimGateways serves the Daraja and Paystack simulators until ctx ends, for demos: point
// the gateways' base URLs at them (with allow_private_targets), and every STK push is paid
// after --auto-pay; a Paystack checkout page has a Pay button that sends the signed webhook.
func runSimGateways(ctx context.Context, e *env, args []string) error {
	var mpAddr, psAddr, shortCode, passkey, key, secret, psKey, webhook string
	var autoPay time.Duration
	var autoCode int
	usage := "linedesk sim gateways [--mpesa 127.0.0.1:9101] [--paystack 127.0.0.1:9102] [--shortcode 174379 --passkey P --consumer-key K --consumer-secret S] [--auto-pay 5s --auto-code 0] [--paystack-key sk_test_… --webhook URL]"
	if _, err := e.parseSubcommand("sim", "gateways", usage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&mpAddr, "mpesa", "127.0.0.1:9101", "address of the simulated Daraja API (empty: none)")
		fs.StringVar(&psAddr, "paystack", "127.0.0.1:9102", "address of the simulated Paystack API (empty: none)")
		fs.StringVar(&shortCode, "shortcode", "174379", "the simulated paybill")
		fs.StringVar(&passkey, "passkey", "demo-passkey", "its Lipa Na M-Pesa Online passkey")
		fs.StringVar(&key, "consumer-key", "demo-key", "the Daraja app's consumer key")
		fs.StringVar(&secret, "consumer-secret", "demo-secret", "the Daraja app's consumer secret")
		fs.DurationVar(&autoPay, "auto-pay", 5*time.Second, "the simulated customer answers each STK push after this long (0: never)")
		fs.IntVar(&autoCode, "auto-code", mpesa.ResultPaid, "the answer: 0 paid, 1032 cancelled, 1037 timeout")
		fs.StringVar(&psKey, "paystack-key", "sk_test_demo", "the Paystack secret key")
		fs.StringVar(&webhook, "webhook", "", "the Paystack webhook URL linedesk shows under Payment gateways")
	}); err != nil {
		return err
	}
	mp := mpesa.NewSimulator(shortCode, passkey, key, secret)
	mp.AutoAnswer, mp.AutoCode = autoPay, autoCode
	ps := paystack.NewSimulator(psKey)
	ps.WebhookURL = webhook
	errc := make(chan error, 2)
	var servers []*http.Server
	for _, s := range []struct {
		addr, name string
		h          http.Handler
	}{{mpAddr, "Daraja", mp}, {psAddr, "Paystack", ps}} {
		if s.addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			return fmt.Errorf("listening for the %s simulator: %w", s.name, err)
		}
		srv := &http.Server{Handler: s.h, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		fmt.Fprintf(e.stdout, "simulated %s at http://%s\n", s.name, ln.Addr())
		go func() { errc <- srv.Serve(ln) }()
	}
	if len(servers) == 0 {
		return errors.New("nothing to simulate: give --mpesa or --paystack an address")
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	for _, srv := range servers {
		_ = srv.Close()
	}
	return nil
}
