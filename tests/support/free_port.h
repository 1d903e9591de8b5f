// Picks TCP ports that are free right now, so no test ever hard-codes one.
#pragma once

namespace billing::testing {

// Binds 127.0.0.1:0, reads the port the kernel chose, closes the socket and returns the port.
// A port is never handed out twice by one test process. Throws std::runtime_error on failure.
int FreePort();

// True when something accepts TCP connections on 127.0.0.1:port right now.
bool PortAccepting(int port);

}  // namespace billing::testing
