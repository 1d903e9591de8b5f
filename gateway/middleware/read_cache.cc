#include "middleware/read_cache.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "domain/role.h"

namespace billing::gateway {
namespace {

void AppendField(std::string& key, const std::string& text) {
  key += std::to_string(text.size());
  key += ':';
  key += text;
}

}  // namespace

ReadCache::ReadCache(ReadCacheOptions options, const domain::Clock& clock)
    : options_(options), clock_(clock) {}

std::string ReadCache::KeyOf(const RequestContext& context) {
  const auto& query = context.request.query();
  std::vector<std::pair<std::string, std::string>> parameters(query.parameters_begin(),
                                                              query.parameters_end());
  std::sort(parameters.begin(), parameters.end());
  std::string key;
  AppendField(key, context.route);
  AppendField(key, context.request.resource());
  AppendField(key, context.caller.role ? std::string(domain::RoleName(*context.caller.role)) : "");
  for (const auto& [name, value] : parameters) {
    AppendField(key, name);
    AppendField(key, value);
  }
  return key;
}

bool ReadCache::Keepable(const Response& response) const {
  if (response.status != 200 || response.body.size() > options_.max_entry_bytes) return false;
  auto control = response.headers.find("Cache-Control");
  return control == response.headers.end() || control->second.find("no-store") == std::string::npos;
}

Response ReadCache::Get(const std::string& key, const std::function<Response()>& fetch) {
  if (!Enabled()) return fetch();
  std::shared_future<Shared> other;
  std::shared_ptr<std::promise<Shared>> mine;
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    auto now = clock_.Now();
    if (auto it = entries_.find(key); it != entries_.end()) {
      if (now < it->second.expires_at) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return *it->second.response;
      }
      EraseLocked(it);
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
    generation = generation_;
    auto flight = flights_.find(key);
    if (flight != flights_.end() && flight->second.generation == generation) {
      other = flight->second.result;
    } else {
      // None under way, or one begun before the last drop: its answer may predate the change.
      mine = std::make_shared<std::promise<Shared>>();
      flights_[key] = Flight{generation, mine, mine->get_future().share()};
    }
  }

  if (other.valid()) {
    if (other.wait_for(options_.max_wait) == std::future_status::ready) {
      const Shared& shared = other.get();
      if (shared) return *shared;
    }
    return fetch();  // the fetch failed (or hangs): this caller asks for itself
  }

  Shared shared;
  try {
    Response response = fetch();
    if (!Keepable(response)) {
      EndFlight(key, mine, nullptr);
      return response;
    }
    shared = std::make_shared<const Response>(std::move(response));
  } catch (...) {
    EndFlight(key, mine, nullptr);
    throw;
  }

  {
    std::lock_guard lock(mutex_);
    if (generation == generation_) {
      if (auto it = entries_.find(key); it != entries_.end()) EraseLocked(it);
      size_t size = shared->body.size() + key.size();
      MakeRoom(size);
      order_.push_back(key);
      entries_[key] = Entry{shared, clock_.Now() + options_.ttl, std::prev(order_.end())};
      bytes_ += size;
    }
  }
  // Callers that joined began before any later drop: the answer is as fresh as their request.
  EndFlight(key, mine, shared);
  return *shared;
}

void ReadCache::EndFlight(const std::string& key, const std::shared_ptr<std::promise<Shared>>& mine,
                          Shared result) {
  {
    std::lock_guard lock(mutex_);
    if (auto flight = flights_.find(key);
        flight != flights_.end() && flight->second.promise == mine) {
      flights_.erase(flight);
    }
  }
  mine->set_value(std::move(result));
}

void ReadCache::Clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
  order_.clear();
  bytes_ = 0;
}

void ReadCache::OnEvent(const events::EventMessage& event) {
  if (event.entity != "user") Clear();
}

size_t ReadCache::Size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

size_t ReadCache::Bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

void ReadCache::MakeRoom(size_t bytes) {
  while (!order_.empty() && bytes_ + bytes > options_.max_bytes) {
    EraseLocked(entries_.find(order_.front()));
  }
}

void ReadCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.response->body.size() + it->first.size();
  order_.erase(it->second.age);
  entries_.erase(it);
}

}  // namespace billing::gateway
