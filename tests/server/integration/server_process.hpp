// The real duet-server binary as a child process, on a free loopback port.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace duet::testing {

using namespace std::chrono_literals;

inline char const* server_binary() { return DUET_SERVER_PATH; }

namespace detail {

// Reads from `fd` until `stop(text)` holds, end of file, or the deadline. False on timeout.
template <class Stop>
bool read_until(int fd, std::string& text, std::chrono::steady_clock::time_point deadline,
                Stop stop) {
    while (!stop(text)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) return false;
        pollfd p{fd, POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        char chunk[4096];
        auto n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return true;  // end of file
        text.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
}

// Waits for `pid` to exit; its status, or nullopt if it still runs at the deadline.
inline std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) return -1;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(10ms);
    }
}

struct spawned {
    pid_t pid = -1;
    int out = -1;  // the read end of the child's stdout
    int err = -1;  // the read end of its stderr, or -1 when inherited
};

inline spawned spawn(std::vector<std::string> const& args, bool capture_stderr) {
    int out[2];
    int err[2] = {-1, -1};
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    if (capture_stderr) REQUIRE(::pipe2(err, O_CLOEXEC) == 0);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    if (capture_stderr) posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);

    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(server_binary()));
    for (auto const& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    spawned child;
    int rc = ::posix_spawn(&child.pid, server_binary(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (capture_stderr) ::close(err[1]);
    child.out = out[0];
    child.err = err[0];
    INFO("posix_spawn " << server_binary() << ": " << std::strerror(rc));
    REQUIRE(rc == 0);
    return child;
}

}  // namespace detail

// Runs duet-server to completion (for flags that make it exit at once).
struct completed_run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline completed_run run_server_to_exit(std::vector<std::string> const& args) {
    auto child = detail::spawn(args, true);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    completed_run result;
    auto at_eof = [](std::string const&) { return false; };
    detail::read_until(child.out, result.out, deadline, at_eof);
    detail::read_until(child.err, result.err, deadline, at_eof);
    ::close(child.out);
    ::close(child.err);
    auto status = detail::wait_exit(child.pid, 5s);
    if (!status) {
        ::kill(child.pid, SIGKILL);
        ::waitpid(child.pid, nullptr, 0);
        FAIL("duet-server " << (args.empty() ? "" : args.front()) << " did not exit");
    }
    REQUIRE(WIFEXITED(*status));
    result.exit_code = WEXITSTATUS(*status);
    return result;
}

// A running server: started by the constructor, listening once it returns. SIGTERM with
// stop(); the destructor kills it if a test ended early.
class server_process {
  public:
    explicit server_process(std::filesystem::path const& web_root,
                            std::vector<std::string> extra_args = {}) {
        std::vector<std::string> args{"--host",     "127.0.0.1",       "--port",       "0",
                                      "--web-root", web_root.string(), "--ice-server", "none"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        auto child = detail::spawn(args, false);
        pid_ = child.pid;
        out_ = child.out;

        std::string text;
        auto has_line = [](std::string const& t) { return t.find('\n') != std::string::npos; };
        bool in_time =
            detail::read_until(out_, text, std::chrono::steady_clock::now() + 15s, has_line);
        first_line_ = text.substr(0, text.find('\n'));
        // "duet-server listening on http://127.0.0.1:PORT/ (web root ...)"
        std::string const prefix = "duet-server listening on http://127.0.0.1:";
        if (!in_time || first_line_.rfind(prefix, 0) != 0) {
            kill_now();
            FAIL("duet-server did not start; its first line: '" << first_line_ << "'");
        }
        port_ = static_cast<unsigned short>(std::stoi(first_line_.substr(prefix.size())));
        if (port_ == 0) {
            kill_now();
            FAIL("no port in: " << first_line_);
        }
    }

    ~server_process() {
        if (pid_ > 0) kill_now();
        if (out_ >= 0) ::close(out_);
    }
    server_process(server_process const&) = delete;
    server_process& operator=(server_process const&) = delete;

    unsigned short port() const { return port_; }
    std::string const& first_line() const { return first_line_; }
    pid_t pid() const { return pid_; }

    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            exit_status_ = status;
            return false;
        }
        return true;
    }

    // SIGTERM, then waits: the exit code, or a failed test if it hangs or dies of a signal.
    int stop(std::chrono::milliseconds timeout = 5s) {
        if (pid_ > 0) {
            REQUIRE(::kill(pid_, SIGTERM) == 0);
            auto status = detail::wait_exit(pid_, timeout);
            if (!status) {
                kill_now();
                FAIL("duet-server did not exit within " << timeout.count() << " ms of SIGTERM");
            }
            pid_ = -1;
            exit_status_ = *status;
        }
        INFO("wait status " << exit_status_);
        REQUIRE(WIFEXITED(exit_status_));
        return WEXITSTATUS(exit_status_);
    }

  private:
    void kill_now() {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
        if (out_ >= 0) ::close(out_);
        out_ = -1;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    int exit_status_ = 0;
    unsigned short port_ = 0;
    std::string first_line_;
};

}  // namespace duet::testing
