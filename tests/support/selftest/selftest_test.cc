// support_selftest: proves the harness starts real PostgreSQL/Redis/service processes, drives
// them, and leaves no process or directory behind. Run with SELFTEST_FAKE_SERVICE=<VAR> the
// binary is instead a fake service that serves HTTP on $<VAR> (so the Suite can start it).
#include <arpa/inet.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <regex>
#include <signal.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/command.h"
#include "support/suite.h"

extern char** environ;

namespace billing::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// --- fake service: GET /healthz, GET /env (its environment), POST /echo, else a 404 error ---
std::string Route(const std::string& method, const std::string& path, const std::string& head,
                  const std::string& body, int* status) {
  *status = 200;
  if (path == "/healthz") return R"({"status":"ok"})";
  nlohmann::json json;
  if (path == "/env") {
    for (char** entry = environ; *entry; ++entry) {
      const std::string text = *entry;
      json[text.substr(0, text.find('='))] = text.substr(text.find('=') + 1);
    }
  } else if (path == "/echo") {
    std::smatch auth;
    std::regex_search(head, auth, std::regex("\r\n[Aa]uthorization: ([^\r]*)"));
    json = {
        {"method", method}, {"body", body}, {"authorization", auth.size() ? auth[1].str() : ""}};
  } else {
    *status = 404;
    json = {{"error", {{"code", "not_found"}, {"message", "no route for " + path}}}};
  }
  return json.dump();
}

int ServeFakeService(const std::string& listen_var) {
  const std::string addr = std::getenv(listen_var.c_str()) ? std::getenv(listen_var.c_str()) : "";
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(static_cast<uint16_t>(std::stoi(addr.substr(addr.find(':') + 1))));
  inet_pton(AF_INET, addr.substr(0, addr.find(':')).c_str(), &sin.sin_addr);
  const int server = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(server, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0 || listen(server, 64)) {
    std::perror(("fake service: bind " + addr).c_str());
    return 1;
  }
  std::printf("fake service listening on %s\n", addr.c_str());
  std::fflush(stdout);
  for (;;) {
    const int client = accept(server, nullptr, nullptr);
    if (client < 0) continue;
    std::string request;
    char buffer[4096];
    size_t header_end = std::string::npos;
    size_t wanted = 0;
    ssize_t got;
    while ((got = read(client, buffer, sizeof(buffer))) > 0) {
      request.append(buffer, static_cast<size_t>(got));
      if (header_end == std::string::npos &&
          (header_end = request.find("\r\n\r\n")) != std::string::npos) {
        std::smatch length;
        const std::string head = request.substr(0, header_end);
        if (std::regex_search(head, length, std::regex("[Cc]ontent-[Ll]ength: (\\d+)"))) {
          wanted = std::stoul(length[1]);
        }
      }
      if (header_end != std::string::npos && request.size() >= header_end + 4 + wanted) break;
    }
    std::istringstream line(request);
    std::string method, path;
    line >> method >> path;
    int status = 0;
    const std::string body =
        Route(method, path, request.substr(0, header_end),
              request.substr(std::min(request.size(), header_end + 4)), &status);
    const std::string response =
        "HTTP/1.1 " + std::to_string(status) +
        " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    [[maybe_unused]] ssize_t sent = write(client, response.data(), response.size());
    close(client);
  }
}

// --- helpers ---
// Gone or a zombie (zombies whose parent is an init that never reaps them still count as dead).
bool ProcessGone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  return text.empty() || text[text.rfind(')') + 2] == 'Z';
}

// No live process has process group `pgid`.
bool GroupGone(pid_t pgid) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    if (text.empty()) continue;
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    char state = 0;
    long parent = 0, group = 0;
    rest >> state >> parent >> group;
    if (group == pgid && state != 'Z') return false;
  }
  return true;
}

pid_t PostmasterPid(const PostgresInstance& postgres) {
  pid_t pid = 0;
  std::ifstream(postgres.DataDir() + "/postmaster.pid") >> pid;
  return pid;
}

pid_t RedisPid(const RedisInstance& redis) {
  const std::string info = redis.Cli({"info", "server"});
  return static_cast<pid_t>(std::stol(info.substr(info.find("process_id:") + 11)));
}

std::string SelfPath() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

TEST(FreePortTest, ReturnsDistinctPortsNobodyListensOn) {
  const int first = FreePort();
  const int second = FreePort();
  EXPECT_NE(first, second);
  EXPECT_GT(first, 0);
  EXPECT_FALSE(PortAccepting(first));
}

TEST(TempDirTest, RemovesItselfRecursively) {
  std::string path;
  {
    TempDir dir;
    path = dir.Path();
    EXPECT_EQ(path.rfind("/tmp/billing-test-", 0), 0u);
    std::ofstream(dir.Subdir("a/b") + "/file") << "x";
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ProcessTest, LogsOutputWithEnvOverridesAndStopsWholeGroup) {
  TempDir dir;
  const std::string pid_file = dir.Path() + "/grandchild.pid";
  Process process(
      "shell", "sh",
      {"-c", "echo hello $GREETING; echo oops >&2; sleep 1000 & echo $! > " + pid_file + "; wait"},
      {{"GREETING", "world"}}, dir.Path() + "/shell.log");
  ASSERT_TRUE(WaitFor(
      [&] {
        std::error_code error;
        return std::filesystem::file_size(pid_file, error) > 0 && !error;
      },
      seconds(10), "grandchild pid"));
  pid_t grandchild = 0;
  std::ifstream(pid_file) >> grandchild;
  EXPECT_TRUE(process.Running());
  EXPECT_NE(process.LogTail().find("hello world"), std::string::npos) << process.LogTail();
  EXPECT_NE(process.LogTail().find("oops"), std::string::npos) << process.LogTail();
  process.Stop();
  EXPECT_FALSE(process.Running());
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(grandchild); }, seconds(5), "sleep to die"));
  EXPECT_TRUE(GroupGone(process.Pid()));
}

TEST(ProcessTest, ReportsExitStatusAndStartsAgain) {
  TempDir dir;
  Process process("exit3", "sh", {"-c", "echo run; exit 3"}, {}, dir.Path() + "/exit3.log");
  ASSERT_TRUE(WaitFor([&] { return !process.Running(); }, seconds(10), "exit"));
  EXPECT_EQ(process.State(), "exited with status 3");
  process.Start();
  ASSERT_TRUE(WaitFor([&] { return !process.Running(); }, seconds(10), "second exit"));
  EXPECT_NE(process.LogTail().find("run\n"), process.LogTail().rfind("run\n"));
}

TEST(ProcessTest, MissingBinaryFailsClearly) {
  TempDir dir;
  try {
    Process process("ghost", "no-such-binary-xyz", {}, {}, dir.Path() + "/ghost.log");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("no-such-binary-xyz"), std::string::npos);
  }
}

TEST(ProcessTest, ChildDiesWithTheTestProcess) {
  TempDir dir;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t owner = fork();
  if (owner == 0) {  // stands in for a test binary that gets SIGKILLed
    Process sleeper("sleeper", "sleep", {"1000"}, {}, dir.Path() + "/sleeper.log");
    const pid_t pid = sleeper.Pid();
    [[maybe_unused]] ssize_t sent = write(fds[1], &pid, sizeof(pid));
    pause();
  }
  pid_t sleeper = 0;
  ASSERT_EQ(read(fds[0], &sleeper, sizeof(sleeper)), static_cast<ssize_t>(sizeof(sleeper)));
  kill(owner, SIGKILL);
  waitpid(owner, nullptr, 0);
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(sleeper); }, seconds(5), "orphan to die"));
  close(fds[0]);
  close(fds[1]);
}

TEST(RunCommandTest, KillsACommandThatOutlivesItsTimeout) {
  const auto start = std::chrono::steady_clock::now();
  CommandOptions options;
  options.timeout = milliseconds(200);
  const CommandResult result = RunCommand("sleep", {"30"}, options);
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(5));
  EXPECT_EQ(RunCommandOrThrow("sh", {"-c", "echo out; echo err >&2"}), "out\n");
}

TEST(PostgresInstanceTest, AnswersQueriesAndLeavesNothingBehind) {
  pid_t pid = 0;
  std::string data_dir;
  {
    PostgresInstance postgres;
    EXPECT_EQ(postgres.Psql("postgres", "select 1"), "1");
    const std::string url = postgres.CreateDatabase("selftest");
    EXPECT_EQ(url,
              "postgresql://postgres@127.0.0.1:" + std::to_string(postgres.Port()) + "/selftest");
    postgres.Psql("selftest", "create table t (n int); insert into t values (1), (2)");
    EXPECT_EQ(postgres.Psql("selftest", "select n, n * 10 from t order by n"), "1|10\n2|20");
    EXPECT_THROW(postgres.Psql("selftest", "select * from missing"), std::runtime_error);
    EXPECT_THROW(postgres.CreateDatabase("x; drop"), std::invalid_argument);
    postgres.Stop();
    EXPECT_FALSE(postgres.Running());
    postgres.Start();
    EXPECT_EQ(postgres.Psql("selftest", "select count(*) from t"), "2");
    pid = PostmasterPid(postgres);
    EXPECT_GT(pid, 0);
    data_dir = postgres.DataDir();
  }
  EXPECT_TRUE(ProcessGone(pid));
  EXPECT_TRUE(GroupGone(pid));
  EXPECT_FALSE(std::filesystem::exists(data_dir));
}

TEST(RedisInstanceTest, StopsAndStartsOnTheSamePortAndLeavesNothingBehind) {
  pid_t pid = 0;
  int port = 0;
  {
    RedisInstance redis;
    port = redis.Port();
    EXPECT_EQ(redis.Addr(), "127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(redis.Cli({"set", "k", "v"}), "OK");
    EXPECT_EQ(redis.Cli({"get", "k"}), "v");
    redis.Stop();
    EXPECT_FALSE(PortAccepting(port));
    redis.Start();
    EXPECT_EQ(redis.Cli({"ping"}), "PONG");
    pid = RedisPid(redis);
  }
  EXPECT_TRUE(ProcessGone(pid));
  EXPECT_FALSE(PortAccepting(port));
}

TEST(HttpClientTest, ConnectionRefusedIsATransportError) {
  const HttpClient client("http://127.0.0.1:" + std::to_string(FreePort()));
  EXPECT_THROW(client.Get("/healthz"), HttpTransportError);
}

TEST(ExpectErrorShapeTest, AcceptsOnlyTheErrorEnvelope) {
  const std::string good = R"({"error":{"code":"not_found","message":"no such customer"}})";
  EXPECT_TRUE(ExpectErrorShape({404, good, {}}, 404, "not_found"));
  EXPECT_FALSE(ExpectErrorShape({400, good, {}}, 404, "not_found"));
  EXPECT_FALSE(ExpectErrorShape({404, good, {}}, 404, "internal"));
  EXPECT_FALSE(ExpectErrorShape({404, R"({"error":{"code":"not_found","message":""}})", {}}, 404,
                                "not_found"));
  EXPECT_FALSE(ExpectErrorShape({404, "<html>", {}}, 404, "not_found"));
  EXPECT_THROW(HttpResponse({200, "<html>", {}}).Json(), std::runtime_error);
}

SuiteOptions FakeSuiteOptions() {
  const std::string self = SelfPath();
  SuiteOptions options;
  options.services = {
      {"auth", self, {{"SELFTEST_FAKE_SERVICE", "AUTH_LISTEN"}}},
      {"customer", self, {{"SELFTEST_FAKE_SERVICE", "CUSTOMER_LISTEN"}}},
      {"gateway", self, {{"SELFTEST_FAKE_SERVICE", "GATEWAY_LISTEN"}}, true},
  };
  return options;
}

TEST(SuiteTest, WiresTheEnvContractControlsServicesAndTearsDown) {
  std::vector<pid_t> pids;
  std::string work_dir;
  {
    Suite suite(FakeSuiteOptions());
    suite.Start();
    work_dir = suite.WorkDir();
    const nlohmann::json env = suite.Http().Get("/env").Json();
    EXPECT_EQ(env["DATABASE_URL"], suite.DatabaseUrl());
    EXPECT_EQ(env["DATABASE_URL"], suite.Postgres().Url("billing"));
    EXPECT_EQ(env["REDIS_ADDR"], suite.Redis().Addr());
    EXPECT_EQ(env["LOG_LEVEL"], "debug");
    EXPECT_EQ(env["AUTH_ADDR"], suite.ServiceAddr("auth"));
    EXPECT_EQ(env["CUSTOMER_ADDR"], suite.ServiceAddr("customer"));
    EXPECT_EQ("http://" + env["GATEWAY_LISTEN"].get<std::string>(), suite.GatewayUrl());
    EXPECT_TRUE(std::regex_match(env["JWT_SECRET"].get<std::string>(), std::regex("[0-9a-f]{48}")));
    EXPECT_EQ(env["JWT_SECRET"], suite.JwtSecret());

    const nlohmann::json auth_env =
        HttpClient("http://" + suite.ServiceAddr("auth")).Get("/env").Json();
    EXPECT_EQ(auth_env["AUTH_LISTEN"], suite.ServiceAddr("auth"));
    EXPECT_FALSE(auth_env.contains("CUSTOMER_ADDR"));  // customer starts after auth
    EXPECT_EQ(suite.Postgres().Psql("billing", "select current_database()"), "billing");

    const HttpResponse echo = suite.Http().PostJson("/echo", {{"amount", 1250000}}, "tok");
    EXPECT_EQ(echo.status, 200);
    EXPECT_EQ(echo.headers.at("content-type"), "application/json");
    EXPECT_EQ(echo.Json()["authorization"], "Bearer tok");
    EXPECT_EQ(nlohmann::json::parse(echo.Json()["body"].get<std::string>())["amount"], 1250000);
    EXPECT_TRUE(ExpectErrorShape(suite.Http().Get("/nope"), 404, "not_found"));

    const std::string customer = suite.ServiceAddr("customer");
    suite.StopService("customer");
    EXPECT_FALSE(suite.ServiceProcess("customer").Running());
    suite.StartService("customer");
    EXPECT_EQ(suite.ServiceAddr("customer"), customer);
    const pid_t old_gateway = suite.ServiceProcess("gateway").Pid();
    suite.RestartService("gateway");
    EXPECT_NE(suite.ServiceProcess("gateway").Pid(), old_gateway);
    EXPECT_EQ(suite.Http().Get("/healthz").status, 200);

    const std::string second = suite.StartExtraGateway({{"REPLICA", "2"}});
    EXPECT_NE(second, suite.GatewayUrl());
    const nlohmann::json second_env = HttpClient(second).Get("/env").Json();
    EXPECT_EQ(second_env["REPLICA"], "2");
    EXPECT_EQ(second_env["AUTH_ADDR"], suite.ServiceAddr("auth"));
    EXPECT_EQ(suite.ServiceAddr("gateway-2"), second.substr(7));

    for (const char* name : {"auth", "customer", "gateway", "gateway-2"}) {
      pids.push_back(suite.ServiceProcess(name).Pid());
    }
    pids.push_back(PostmasterPid(suite.Postgres()));
    pids.push_back(RedisPid(suite.Redis()));
  }
  for (pid_t pid : pids) {
    EXPECT_TRUE(ProcessGone(pid)) << pid;
    EXPECT_TRUE(GroupGone(pid)) << pid;
  }
  EXPECT_FALSE(std::filesystem::exists(work_dir));
}

TEST(SuiteTest, AServiceThatDiesAtStartupFailsWithItsLog) {
  SuiteOptions options = FakeSuiteOptions();
  options.services[1].binary = "/bin/false";
  Suite suite(options);
  try {
    suite.Start();
    FAIL() << "expected Start() to throw";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("customer exited with status 1 before serving"), std::string::npos)
        << message;
    EXPECT_NE(message.find("----- auth (running)"), std::string::npos) << message;
    EXPECT_NE(message.find("fake service listening on"), std::string::npos) << message;
  }
}

TEST(SuiteTest, ResetToSeedGivesBackTheSeededDatabaseAnEmptyRedisAndFreshServices) {
  Suite suite(FakeSuiteOptions());
  suite.Start();
  EXPECT_THROW(suite.ResetToSeed(), std::logic_error);  // no seed taken yet
  // What the services would have migrated and seeded.
  suite.Postgres().Psql("billing",
                        "CREATE TABLE users (name text); INSERT INTO users VALUES ('admin')");
  suite.SnapshotSeed();
  const std::string second = suite.StartExtraGateway();

  // What a test leaves behind: rows, Redis keys, stopped processes.
  suite.Postgres().Psql("billing", "INSERT INTO users VALUES ('tamu'); CREATE TABLE extra (x int)");
  suite.Redis().Cli({"SET", "session:1", "x"});
  suite.StopService("customer");
  suite.Redis().Stop();
  std::map<std::string, pid_t> before;
  for (const char* name : {"auth", "gateway", "gateway-2"}) {
    before[name] = suite.ServiceProcess(name).Pid();
  }

  suite.ResetToSeed();
  EXPECT_EQ(suite.Postgres().Psql("billing", "SELECT string_agg(name, ',') FROM users"), "admin");
  EXPECT_EQ(suite.Postgres().Psql("billing", "SELECT to_regclass('extra') IS NULL"), "t");
  EXPECT_EQ(suite.Redis().Cli({"DBSIZE"}), "0");
  for (const auto& [name, pid] : before) {
    EXPECT_TRUE(suite.ServiceProcess(name).Running()) << name;
    EXPECT_NE(suite.ServiceProcess(name).Pid(), pid) << name << " was not started again";
  }
  EXPECT_TRUE(suite.ServiceProcess("customer").Running());
  EXPECT_EQ(suite.Http().Get("/healthz").status, 200);
  EXPECT_EQ(HttpClient(second).Get("/healthz").status, 200);
  const nlohmann::json env = suite.Http().Get("/env").Json();
  EXPECT_EQ(env["DATABASE_URL"], suite.DatabaseUrl());

  // Again, from a state where everything runs.
  suite.Redis().Cli({"SET", "k", "v"});
  suite.Postgres().Psql("billing", "DELETE FROM users");
  suite.ResetToSeed();
  EXPECT_EQ(suite.Postgres().Psql("billing", "SELECT count(*) FROM users"), "1");
  EXPECT_EQ(suite.Redis().Cli({"DBSIZE"}), "0");
}

TEST(SuiteEnvironmentTest, SharesOneSuiteBetweenSetUpAndTearDown) {
  SuiteEnvironment environment(FakeSuiteOptions());
  EXPECT_THROW(SuiteEnvironment::Get(), std::logic_error);
  environment.SetUp();
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(SuiteEnvironment::Get().Http().Get("/healthz").status, 200);
  const std::string work_dir = SuiteEnvironment::Get().WorkDir();
  environment.TearDown();
  EXPECT_THROW(SuiteEnvironment::Get(), std::logic_error);
  EXPECT_FALSE(std::filesystem::exists(work_dir));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  if (const char* listen_var = std::getenv("SELFTEST_FAKE_SERVICE")) {
    return billing::testing::ServeFakeService(listen_var);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
