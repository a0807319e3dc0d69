#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace loadgen {

using clock = std::chrono::steady_clock;

inline std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now().time_since_epoch())
        .count();
}

// Percentiles over every sample, exactly: a run holds at most a few million.
class latency_samples {
public:
    void add(std::int64_t ns) { samples_.push_back(ns); }
    std::size_t size() const { return samples_.size(); }
    void merge(latency_samples const& other) {
        samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
        sorted_ = false;
    }
    double percentile_ms(double p) {
        if (samples_.empty()) return 0;
        if (!sorted_) {
            std::sort(samples_.begin(), samples_.end());
            sorted_ = true;
        }
        auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples_.size() - 1));
        return static_cast<double>(samples_[index]) / 1e6;
    }

private:
    std::vector<std::int64_t> samples_;
    bool sorted_ = false;
};

// Resident memory of a process in KiB, from /proc (0 when unknown).
inline long rss_kib(int pid) {
    if (pid <= 0) return 0;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            status >> kib;
            return kib;
        }
        std::getline(status, key);
    }
    return 0;
}

// The soft limit on open descriptors of a process, from /proc (0 when unknown).
inline long max_open_files(int pid) {
    if (pid <= 0) return 0;
    std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
    std::string line;
    while (std::getline(limits, line)) {
        if (line.rfind("Max open files", 0) == 0) {
            std::istringstream fields(line.substr(14));
            long soft = 0;
            fields >> soft;
            return soft;
        }
    }
    return 0;
}

// CPU time a process (and each of its threads) has used, from /proc, in seconds.
struct cpu_times {
    double user = 0;
    double system = 0;
    std::vector<double> threads;  // user + system, by thread id order
};

// utime and stime of a /proc/.../stat line, in seconds; false if unreadable.
inline bool read_stat_times(std::string const& path, double& user, double& system) {
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) return false;
    auto close = line.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return false;
    std::istringstream fields(line.substr(close + 2));
    std::string skip;
    for (int i = 3; i < 14; ++i) fields >> skip;  // state .. cmajflt
    long utime = 0, stime = 0;
    fields >> utime >> stime;
    static double const tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    user = static_cast<double>(utime) / tick;
    system = static_cast<double>(stime) / tick;
    return static_cast<bool>(fields);
}

inline cpu_times process_cpu(int pid) {
    cpu_times out;
    if (pid <= 0) return out;
    auto const dir = "/proc/" + std::to_string(pid);
    read_stat_times(dir + "/stat", out.user, out.system);
    std::vector<std::pair<long, double>> threads;
    std::error_code ec;
    for (auto const& entry : std::filesystem::directory_iterator(dir + "/task", ec)) {
        double u = 0, s = 0;
        if (read_stat_times(entry.path().string() + "/stat", u, s)) {
            threads.emplace_back(std::stol(entry.path().filename().string()), u + s);
        }
    }
    std::sort(threads.begin(), threads.end());
    for (auto const& t : threads) out.threads.push_back(t.second);
    return out;
}

}  // namespace loadgen
