#pragma once
// The hub's SQLite connections. One writer, behind a mutex (SQLite 3.40 has a WAL race
// between two writing connections), and a pool of read-only connections, so that reads (a
// token check, a report) run on their own snapshot and never wait for the writer or hold it up.

#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "suara/core/result.hpp"

namespace suara::hub {

// A cached statement in use: reset when the scope ends, however it ends, so that a statement
// left on a row never keeps an old read snapshot open (which once wedged the hub: every later
// write got "database is locked").
class StatementScope {
 public:
  explicit StatementScope(SQLite::Statement& statement) : m_statement(statement) { m_statement.reset(); }
  ~StatementScope() { m_statement.tryReset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  SQLite::Statement* operator->() { return &m_statement; }
  SQLite::Statement& operator*() { return m_statement; }

 private:
  SQLite::Statement& m_statement;
};

// Read-only connections handed out one per call. Thread-safe.
class ReaderPool {
 public:
  ReaderPool(const std::filesystem::path& file, std::size_t size);

  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<SQLite::Database> db) : m_pool(pool), m_db(std::move(db)) {}
    ~Lease() { m_pool.giveBack(std::move(m_db)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SQLite::Database& operator*() { return *m_db; }
    SQLite::Database* operator->() { return m_db.get(); }

   private:
    ReaderPool& m_pool;
    std::unique_ptr<SQLite::Database> m_db;
  };

  Lease acquire();  // waits while every connection is in use

 private:
  void giveBack(std::unique_ptr<SQLite::Database> db);
  std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<SQLite::Database>> m_free;
};

// A SQLite failure as the hub's error: a full disk, damage or other I/O trouble.
Error storageError(const SQLite::Exception& e, const std::string& what);

}  // namespace suara::hub
