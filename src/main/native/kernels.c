/*
 * ttt4j: fused loops over parameter lists that libtorch would run as several passes, one native
 * call per list instead of several JNI calls per parameter. Loaded by org.ttt4j.tensor.NativeKernels
 * (built by tools/native/build.sh). Every loop computes exactly what the ops it replaces compute:
 * the same float operations in the same order, each rounded (-ffp-contract=off: no fused
 * multiply-add), so results are bitwise those of the libtorch path.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "mapped_library.h"

#define MAX_THREADS 8

/*
 * SGD with momentum on one parameter, as torch.optim.SGD (no dampening, no Nesterov) with the
 * buffer kept pre-multiplied by the learning rate: g <- g + wd p; v <- m v + lr g (v <- 0 + lr g
 * on a fresh buffer, as torch's buffer = clone(grad)); p <- p - v; g <- 0.
 */
__attribute__((target_clones("avx2", "default")))
static void sgd_one(float* restrict p, float* restrict v, float* restrict g, int64_t n, float lr,
    float momentum, float wd, int fresh) {
  if (wd > 0) {
    for (int64_t j = 0; j < n; j++) g[j] = g[j] + p[j] * wd;
  }
  if (fresh) {
    for (int64_t j = 0; j < n; j++) {
      float vn = 0.0f + g[j] * lr;
      v[j] = vn;
      p[j] = p[j] - vn;
      g[j] = 0.0f;
    }
  } else {
    for (int64_t j = 0; j < n; j++) {
      float vn = v[j] * momentum + g[j] * lr;
      v[j] = vn;
      p[j] = p[j] - vn;
      g[j] = 0.0f;
    }
  }
}

/*
 * AdamW on one parameter, torch.optim.AdamW with the bias corrections folded into the step size
 * and epsilon (step = lr sqrt(1 - b2^t) / (1 - b1^t), eps' = eps sqrt(1 - b2^t)):
 * p <- p - (p lr) wd; m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g g (fresh moments: 0 + ...);
 * p <- p - (m step) / (sqrt(v) + eps'); g <- 0.
 */
__attribute__((target_clones("avx2", "default")))
static void adamw_one(float* restrict p, float* restrict m, float* restrict v, float* restrict g,
    int64_t n, float lr, float wd, float beta1, float beta2, float step, float eps, int fresh) {
  const float a1 = 1.0f - beta1, a2 = 1.0f - beta2;
  for (int64_t j = 0; j < n; j++) {
    float w = p[j];
    if (wd > 0) w = w - (w * lr) * wd;
    float gj = g[j];
    float mj = (fresh ? 0.0f : m[j]) * beta1 + gj * a1;
    float vj = (fresh ? 0.0f : v[j]) * beta2 + (gj * gj) * a2;
    m[j] = mj;
    v[j] = vj;
    p[j] = w - (mj * step) / (sqrtf(vj) + eps);
    g[j] = 0.0f;
  }
}

typedef struct {
  int kind;                       /* 0 = sgd, 1 = copy, 2 = adamw */
  int32_t from, to;
  const int64_t *a, *b, *c, *d, *sizes;
  const uint8_t* fresh;
  float lr, momentum, wd, beta1, beta2, step, eps;
  const uint8_t* decay;
} job;

static void* run(void* arg) {
  const job* j = (const job*) arg;
  for (int32_t i = j->from; i < j->to; i++) {
    if (j->kind == 1) {
      memcpy((void*) (intptr_t) j->a[i], (const void*) (intptr_t) j->b[i], (size_t) j->sizes[i]);
    } else if (j->kind == 2) {
      if (j->d[i] != 0) {
        adamw_one((float*) (intptr_t) j->a[i], (float*) (intptr_t) j->b[i],
            (float*) (intptr_t) j->c[i], (float*) (intptr_t) j->d[i], j->sizes[i], j->lr,
            j->decay[i] ? j->wd : 0.0f, j->beta1, j->beta2, j->step, j->eps, j->fresh[i]);
      }
    } else if (j->c[i] != 0) {    /* a parameter without gradient is not updated */
      sgd_one((float*) (intptr_t) j->a[i], (float*) (intptr_t) j->b[i],
          (float*) (intptr_t) j->c[i], j->sizes[i], j->lr, j->momentum, j->wd, j->fresh[i]);
    }
  }
  return 0;
}

/*
 * libtorch's OpenMP team, found in this process: parallel regions on its threads cost a wake-up
 * of threads that already exist, where a pthread_create and join cost 20–120 µs here (a tenth
 * of a weight restore). 0 where it is not found: then threads are created per call.
 */
typedef void (*gomp_parallel_fn)(void (*)(void*), void*, unsigned, unsigned);
static gomp_parallel_fn gomp_parallel;
static int (*omp_thread)(void);
static int (*omp_team_size)(void);
static pthread_once_t gomp_once = PTHREAD_ONCE_INIT;

static void find_gomp(void) {
  char path[4096];
  void* h = mapped_library("/libgomp", path, sizeof path);
  if (!h) return;
  omp_thread = (int (*)(void)) dlsym(h, "omp_get_thread_num");
  omp_team_size = (int (*)(void)) dlsym(h, "omp_get_num_threads");
  gomp_parallel_fn par = (gomp_parallel_fn) dlsym(h, "GOMP_parallel");
  if (omp_thread && omp_team_size) gomp_parallel = par;
}

typedef struct {
  job* jobs;
  int32_t threads;
} team_jobs;

/* Thread id of a team of n runs jobs id, id + n, ...: all of them even when the team is smaller
 * than asked (inside another parallel region it is one thread). */
static void run_on_team(void* arg) {
  team_jobs* t = (team_jobs*) arg;
  int n = omp_team_size();
  for (int32_t k = omp_thread(); k < t->threads; k += n) run(&t->jobs[k]);
}

/* Splits [0, count) into up to `threads` runs of about equal total size and runs them at once. */
static void run_split(job base, int32_t count, int32_t threads) {
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  int64_t total = 0;
  for (int32_t i = 0; i < count; i++) total += base.sizes[i];
  if (threads <= 1 || count < 2 || total < 65536) {
    base.from = 0;
    base.to = count;
    run(&base);
    return;
  }
  job jobs[MAX_THREADS];
  int32_t i = 0;
  int64_t done = 0;
  for (int32_t t = 0; t < threads; t++) {
    jobs[t] = base;
    jobs[t].from = i;
    int64_t goal = total * (t + 1) / threads;
    while (i < count && (t == threads - 1 || done + base.sizes[i] / 2 < goal)) done += base.sizes[i++];
    jobs[t].to = i;
  }
  pthread_once(&gomp_once, find_gomp);
  if (gomp_parallel) {
    team_jobs team = {jobs, threads};
    gomp_parallel(run_on_team, &team, (unsigned) threads, 0);
    return;
  }
  pthread_t tids[MAX_THREADS];
  int started[MAX_THREADS] = {0};
  for (int32_t t = 1; t < threads; t++) {
    started[t] = pthread_create(&tids[t], 0, run, &jobs[t]) == 0;
    if (!started[t]) run(&jobs[t]);
  }
  run(&jobs[0]);
  for (int32_t t = 1; t < threads; t++) {
    if (started[t]) pthread_join(tids[t], 0);
  }
}

void ttt4j_sgd_momentum(int32_t count, const int64_t* params, const int64_t* velocity,
    const int64_t* grads, const int64_t* sizes, const uint8_t* fresh, float lr, float momentum,
    float wd, int32_t threads) {
  job j = {.kind = 0, .a = params, .b = velocity, .c = grads, .sizes = sizes, .fresh = fresh,
      .lr = lr, .momentum = momentum, .wd = wd};
  run_split(j, count, threads);
}

void ttt4j_copy(int32_t count, const int64_t* dst, const int64_t* src, const int64_t* bytes,
    int32_t threads) {
  job j = {.kind = 1, .a = dst, .b = src, .sizes = bytes};
  run_split(j, count, threads);
}

void ttt4j_adamw(int32_t count, const int64_t* params, const int64_t* first, const int64_t* second,
    const int64_t* grads, const int64_t* sizes, const uint8_t* decay, const uint8_t* fresh, float lr,
    float wd, float beta1, float beta2, float step, float eps, int32_t threads) {
  job j = {.kind = 2, .a = params, .b = first, .c = second, .d = grads, .sizes = sizes,
      .fresh = fresh, .decay = decay, .lr = lr, .wd = wd, .beta1 = beta1, .beta2 = beta2,
      .step = step, .eps = eps};
  run_split(j, count, threads);
}
