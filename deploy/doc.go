// Package deploy holds what an installation deploys beside the binary: the Grafana dashboard
// (grafana/linedesk.json), the Prometheus alerting rules (prometheus/alerts.yml) and the
// Debian package's files (debian/). Its test checks that every metric they name exists.
package deploy
