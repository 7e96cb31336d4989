#include "signal_waiter.hpp"

#include <pthread.h>

#include <exception>
#include <iostream>

namespace suara::kiosk {

void SignalWaiter::blockInAllThreads(int signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // threads started later inherit the mask
}

SignalWaiter::SignalWaiter(int signal, std::function<void()> handler)
    : m_signal(signal), m_handler(std::move(handler)), m_thread([this] {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, m_signal);
        for (int received = 0; sigwait(&set, &received) == 0 && !m_stop;) {
          try {
            m_handler();
          } catch (const std::exception& e) {
            std::cerr << "suara-kiosk: handling signal " << m_signal << " failed: " << e.what() << "\n";
          }
        }
      }) {}

SignalWaiter::~SignalWaiter() {
  m_stop = true;
  pthread_kill(m_thread.native_handle(), m_signal);  // wakes sigwait, which sees the stop flag
  m_thread.join();
}

}  // namespace suara::kiosk
