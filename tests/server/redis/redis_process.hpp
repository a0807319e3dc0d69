// A real redis-server for tests: Debian's binary, started on a free loopback port with no
// persistence, killed by its PID (and only it) when the test is done or wants it gone.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace duet::testing {

// A loopback port nobody listens on now (the kernel's choice for port 0).
inline unsigned short free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline bool accepts(unsigned short port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

class redis_process {
  public:
    explicit redis_process(unsigned short port = free_port()) : port_(port) { start(); }
    ~redis_process() {
        kill();
        if (!std::getenv("DUET_KEEP_ARTIFACTS")) std::remove(log_path().c_str());
    }
    redis_process(redis_process const&) = delete;
    redis_process& operator=(redis_process const&) = delete;

    unsigned short port() const { return port_; }

    void start() {
        REQUIRE(pid_ < 0);
        std::vector<std::string> args = {DUET_REDIS_SERVER,
                                         "--port",
                                         std::to_string(port_),
                                         "--bind",
                                         "127.0.0.1",
                                         "--save",
                                         "",
                                         "--appendonly",
                                         "no",
                                         "--daemonize",
                                         "no",
                                         "--loglevel",
                                         "warning"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        // Its banner and warnings go to a file of its own, not into the test's output.
        posix_spawn_file_actions_t files;
        posix_spawn_file_actions_init(&files);
        posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log_path().c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
        INFO("starting " << DUET_REDIS_SERVER << " (tools/setup.sh installs redis-server); "
                         << "its log: " << log_path());
        auto const spawned = ::posix_spawn(&pid_, argv[0], &files, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&files);
        REQUIRE(spawned == 0);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!accepts(port_)) {
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    // SIGKILL: gone at once, connections reset, nothing said.
    void kill() {
        if (pid_ < 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    std::string log_path() const {
        return "/tmp/duet-test-redis-" + std::to_string(port_) + ".log";
    }

  private:
    unsigned short port_;
    pid_t pid_ = -1;
};

}  // namespace duet::testing
