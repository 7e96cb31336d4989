#pragma once
// Takes one signal (SIGUSR1 from `sync-now`) on a thread of its own and calls a handler there,
// so the handler may do more than an async-signal-safe function could. The signal must be
// blocked in every thread (blockInAllThreads() before any thread starts). The destructor
// stops and joins the thread: the handler never runs after it returns.

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace suara::kiosk {

class SignalWaiter {
 public:
  static void blockInAllThreads(int signal);  // call first in main, before any thread exists
  SignalWaiter(int signal, std::function<void()> handler);
  ~SignalWaiter();
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

 private:
  int m_signal;
  std::function<void()> m_handler;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;  // last: starts after everything it uses exists
};

}  // namespace suara::kiosk
