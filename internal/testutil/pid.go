package testutil

// PID is the process id of the running `linedesk serve` (0 before it started), for tests
// that read /proc/PID (memory) or send it signals without waiting.
func (s *Server) PID() int {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// Exited reports whether the process has ended.
func (s *Server) Exited() bool {
	if s.exited == nil {
		return false
	}
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}
