/*
 * ttt4j: the MAE loss and its gradients in one native call (org.ttt4j.model.FusedMaeLoss).
 *
 * The same function as MaskedAutoencoder.forward + autograd's backward: patch embedding, the
 * visible patches and the cls token through the pre-norm ViT encoder, the decoder over encoded
 * and mask tokens, the (normalised-pixel) MSE on the removed patches, then every gradient the
 * caller asks for, accumulated into its buffers as autograd would. Where libtorch runs several
 * hundred operators per step, each with its dispatch, allocation and autograd bookkeeping, this
 * runs the matrix products on the MKL that libtorch links (sgemm_, cblas_sgemm_batch, vsErf and
 * vsExp, found in the loaded libtorch_cpu.so) and everything else as fused loops over
 * activations it keeps for the backward pass. It rounds differently from libtorch (another
 * summation order, double accumulators in the reductions): equal within float tolerance, checked
 * against autograd by FusedMaeLossTest.
 *
 * Layout: all arrays row-major float32. Tokens are rows: an encoder batch is N x (1 + keep) rows
 * of width D (the cls token first), a decoder batch N x (1 + L) rows of width Dd.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapped_library.h"

/* ---------- MKL, as exported by libtorch_cpu.so ---------- */

typedef void (*sgemm_fn)(const char*, const char*, const int*, const int*, const int*,
    const float*, const float*, const int*, const float*, const int*, const float*, float*,
    const int*);
typedef void (*sgemm_batch_fn)(int, const int*, const int*, const int*, const int*, const int*,
    const float*, const float**, const int*, const float**, const int*, const float*, float**,
    const int*, int, const int*);
typedef void (*vs_fn)(int, const float*, float*);
typedef int (*threads_fn)(int);
typedef void (*gomp_parallel_fn)(void (*)(void*), void*, unsigned, unsigned);
typedef int (*omp_int_fn)(void);
typedef void (*gomp_barrier_fn)(void);

static sgemm_fn mkl_sgemm;
static sgemm_batch_fn mkl_sgemm_batch;
static vs_fn mkl_erf;
static vs_fn mkl_exp;
static threads_fn mkl_local_threads;
static gomp_parallel_fn gomp_parallel;   /* libtorch's OpenMP: 0 when not found (one thread) */
static omp_int_fn omp_thread;
static gomp_barrier_fn gomp_barrier;
static omp_int_fn omp_in_par, omp_team_size, omp_max_threads;
static char load_error[512];

/* Finds libtorch_cpu.so among the process's mappings (DJL loaded it) and binds MKL from it. */
static int bind_mkl(void) {
  if (mkl_sgemm) return 1;
  char path[4096];
  void* gh = mapped_library("/libgomp", path, sizeof path);
  if (gh) {
    gomp_parallel_fn par = (gomp_parallel_fn) dlsym(gh, "GOMP_parallel");
    omp_thread = (omp_int_fn) dlsym(gh, "omp_get_thread_num");
    gomp_barrier = (gomp_barrier_fn) dlsym(gh, "GOMP_barrier");
    omp_in_par = (omp_int_fn) dlsym(gh, "omp_in_parallel");
    omp_team_size = (omp_int_fn) dlsym(gh, "omp_get_num_threads");
    omp_max_threads = (omp_int_fn) dlsym(gh, "omp_get_max_threads");
    if (omp_thread && gomp_barrier && omp_in_par && omp_team_size && omp_max_threads)
      gomp_parallel = par;
  }
  void* h = mapped_library("libtorch_cpu.so", path, sizeof path);
  if (!h && !path[0]) {
    snprintf(load_error, sizeof load_error, "libtorch_cpu.so is not loaded in this process");
    return 0;
  }
  if (!h) {
    snprintf(load_error, sizeof load_error, "dlopen %.300s: %.150s", path, dlerror());
    return 0;
  }
  mkl_sgemm_batch = (sgemm_batch_fn) dlsym(h, "cblas_sgemm_batch");
  mkl_erf = (vs_fn) dlsym(h, "vsErf");
  mkl_exp = (vs_fn) dlsym(h, "vsExp");
  mkl_local_threads = (threads_fn) dlsym(h, "MKL_Set_Num_Threads_Local");
  sgemm_fn g = (sgemm_fn) dlsym(h, "sgemm_");
  if (!g || !mkl_sgemm_batch || !mkl_erf || !mkl_exp || !mkl_local_threads) {
    snprintf(load_error, sizeof load_error, "%.300s lacks sgemm_/cblas_sgemm_batch/vsErf/vsExp/MKL_Set_Num_Threads_Local", path);
    return 0;
  }
  mkl_sgemm = g;
  return 1;
}

/* Row-major C[M x N] = alpha op(A) op(B) + beta C (a column-major call on the transposes). */
static void gemm(char ta, char tb, int m, int n, int k, float alpha, const float* a, int lda,
    const float* b, int ldb, float beta, float* c, int ldc) {
  mkl_sgemm(&tb, &ta, &n, &m, &k, &alpha, b, &ldb, a, &lda, &beta, c, &ldc);
}

/* count products of the same shape at once (one group of cblas_sgemm_batch, row-major). */
static void gemm_batch(char ta, char tb, int m, int n, int k, float alpha, const float** a,
    int lda, const float** b, int ldb, float beta, float** c, int ldc, int count) {
  int lay = 101, tra = ta == 'T' ? 112 : 111, trb = tb == 'T' ? 112 : 111;
  mkl_sgemm_batch(lay, &tra, &trb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc, 1,
      &count);
}

/* ---------- scratch memory: every buffer of one call, freed together ---------- */

/*
 * Each thread keeps one scratch block between calls and hands out its buffers in order (a bump
 * pointer), so a run of same-sized steps uses the same memory at every step instead of asking
 * malloc for a few dozen buffers per call (docs/PERFORMANCE.md, memory). A call that needs more
 * than the block takes the rest from malloc, and the block grows to the whole need for the next
 * call. The block stays with its thread until the thread ends: the largest step a thread ran is
 * the memory it keeps. One arena per call, taken and released on one thread.
 */
typedef struct {
  char* base;
  size_t cap;
  int busy;            /* an arena of this thread is using the block */
} scratch_block;

static __thread scratch_block* scratch_of_thread;   /* freed when its thread ends */
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void* b) {
  free(((scratch_block*) b)->base);
  free(b);
}

static void scratch_key_init(void) {
  pthread_key_create(&scratch_key, scratch_free);
}

/* This thread's block (empty at first), or 0 when even that cannot be had. */
static scratch_block* thread_scratch(void) {
  if (!scratch_of_thread) {
    pthread_once(&scratch_once, scratch_key_init);
    scratch_block* b = (scratch_block*) calloc(1, sizeof(scratch_block));
    if (b && pthread_setspecific(scratch_key, b) != 0) {
      free(b);
      b = 0;
    }
    scratch_of_thread = b;
  }
  return scratch_of_thread;
}

typedef struct {
  void* blocks[1024];  /* what came from malloc instead of the block */
  int used;
  int failed;
  scratch_block* own;  /* the thread's block, while this arena holds it */
  size_t top;          /* bytes handed out from the block */
  size_t need;         /* bytes asked for in all */
} arena;

#define SCRATCH_ALIGN 64

static float* take(arena* ar, size_t floats) {
  size_t bytes = ((floats ? floats : 1) * sizeof(float) + SCRATCH_ALIGN - 1)
      & ~(size_t) (SCRATCH_ALIGN - 1);
  if (ar->need == 0) {
    scratch_block* b = thread_scratch();
    if (b && !b->busy) {
      b->busy = 1;
      ar->own = b;
    }
  }
  ar->need += bytes;
  if (ar->own && ar->top + bytes <= ar->own->cap) {
    float* p = (float*) (ar->own->base + ar->top);
    ar->top += bytes;
    return p;
  }
  if (ar->used >= 1024) {
    ar->failed = 1;
    return 0;
  }
  float* p = (float*) aligned_alloc(SCRATCH_ALIGN, bytes);
  if (!p) ar->failed = 1;
  ar->blocks[ar->used++] = p;
  return p;
}

static void release(arena* ar) {
  for (int i = 0; i < ar->used; i++) free(ar->blocks[i]);
  ar->used = 0;
  scratch_block* b = ar->own;
  if (b) {
    if (ar->need > b->cap) {   /* grow for the next call (no buffer of this one is in it) */
      free(b->base);
      b->base = (char*) aligned_alloc(SCRATCH_ALIGN, ar->need);
      b->cap = b->base ? ar->need : 0;
    }
    b->busy = 0;
    ar->own = 0;
  }
  ar->top = 0;
  ar->need = 0;
}

/* ---------- element-wise pieces, split over libtorch's OpenMP team when large ---------- */

typedef void (*rows_fn)(const void* ctx, int r0, int r1);

typedef struct {
  rows_fn fn;
  const void* ctx;
  int rows;
} rows_job;

static void rows_part(void* arg) {
  const rows_job* j = (const rows_job*) arg;
  int id = omp_thread(), k = omp_team_size();
  j->fn(j->ctx, (int) ((long) j->rows * id / k), (int) ((long) j->rows * (id + 1) / k));
}

/* fn over rows [0, rows), split between the team's threads when the work (elements) is large
 * and this thread is not already one of a team (then it is one share of a split batch). */
static void par_rows(int rows, size_t work, rows_fn fn, const void* ctx) {
  int threads = gomp_parallel ? omp_max_threads() : 1;
  if (threads < 2 || work < 32768 || rows < 2 || omp_in_par()) {
    fn(ctx, 0, rows);
    return;
  }
  rows_job j = {fn, ctx, rows};
  gomp_parallel(rows_part, &j, (unsigned) (threads < rows ? threads : rows), 0);
}

typedef struct {
  float* y;
  const float *x, *b;
  int n;
} row_op;

static void fill_bias_rows(const void* c, int r0, int r1) {
  const row_op* o = (const row_op*) c;
  for (int r = r0; r < r1; r++) memcpy(o->y + (size_t) r * o->n, o->b, sizeof(float) * o->n);
}

/* y[r] = b (rows of width n), ready for y += x W^T with beta = 1. */
static void fill_bias(float* y, const float* b, int rows, int n) {
  row_op o = {y, 0, b, n};
  par_rows(rows, (size_t) rows * n, fill_bias_rows, &o);
}

static void add_rows(const void* c, int r0, int r1) {
  const row_op* o = (const row_op*) c;
  for (size_t j = (size_t) r0 * o->n; j < (size_t) r1 * o->n; j++) o->y[j] += o->x[j];
}

/* y += x, both [rows x n]. */
static void add_to(float* y, const float* x, int rows, int n) {
  row_op o = {y, x, 0, n};
  par_rows(rows, (size_t) rows * n, add_rows, &o);
}

static void copy_rows(const void* c, int r0, int r1) {
  const row_op* o = (const row_op*) c;
  memcpy(o->y + (size_t) r0 * o->n, o->x + (size_t) r0 * o->n,
      sizeof(float) * (size_t) (r1 - r0) * o->n);
}

static void copy_to(float* y, const float* x, int rows, int n) {
  row_op o = {y, x, 0, n};
  par_rows(rows, (size_t) rows * n, copy_rows, &o);
}

typedef struct {
  float* gb;
  const float* dy;
  int rows, n;
} colsum_op;

/* Columns [c0, c1) of gb += sum over rows of dy (each column summed in row order). */
static void colsum_cols(const void* c, int c0, int c1) {
  const colsum_op* o = (const colsum_op*) c;
  for (int r = 0; r < o->rows; r++) {
    const float* d = o->dy + (size_t) r * o->n;
    for (int j = c0; j < c1; j++) o->gb[j] += d[j];
  }
}

/* y = x W^T + b: x [rows x in], W [out x in]. */
static void linear(float* y, const float* x, const float* w, const float* b, int rows, int in,
    int out) {
  fill_bias(y, b, rows, out);
  gemm('N', 'T', rows, out, in, 1.0f, x, in, w, in, 1.0f, y, out);
}

/* Backward of linear: dx = dy W (when dx), dW += dy^T x and db += colsum(dy) (when gw, gb). */
static void linear_back(float* dx, const float* dy, const float* x, const float* w, float* gw,
    float* gb, int rows, int in, int out) {
  if (dx) gemm('N', 'N', rows, in, out, 1.0f, dy, out, w, in, 0.0f, dx, in);
  if (gw) gemm('T', 'N', out, in, rows, 1.0f, dy, out, x, in, 1.0f, gw, in);
  if (gb) {
    colsum_op o = {gb, dy, rows, out};
    par_rows(out, (size_t) rows * out, colsum_cols, &o);
  }
}

typedef struct {
  float *y, *mean, *rstd;
  const float *x, *w, *b, *dy;
  float *gw, *gb;
  int n, accumulate, rows;
  float eps;
} norm_op;

static void layer_norm_rows(const void* c, int r0, int r1) {
  const norm_op* o = (const norm_op*) c;
  int n = o->n;
  for (int r = r0; r < r1; r++) {
    const float* xr = o->x + (size_t) r * n;
    float* yr = o->y + (size_t) r * n;
    double s = 0, ss = 0;
    for (int j = 0; j < n; j++) s += xr[j];
    double mu = s / n;
    for (int j = 0; j < n; j++) {
      double d = xr[j] - mu;
      ss += d * d;
    }
    float rs = (float) (1.0 / sqrt(ss / n + o->eps));
    float m = (float) mu;
    o->mean[r] = m;
    o->rstd[r] = rs;
    for (int j = 0; j < n; j++) yr[j] = (xr[j] - m) * rs * o->w[j] + o->b[j];
  }
}

/* LayerNorm over rows of width n (biased variance, eps): keeps mean and 1/std per row. */
static void layer_norm(float* y, float* mean, float* rstd, const float* x, const float* w,
    const float* b, int rows, int n, float eps) {
  norm_op o = {.y = y, .mean = mean, .rstd = rstd, .x = x, .w = w, .b = b, .n = n, .eps = eps};
  par_rows(rows, (size_t) rows * n, layer_norm_rows, &o);
}

/* dx rows: rstd (g - mean(g) - xh mean(g xh)), g = dy w (written, or added when accumulate). */
static void layer_norm_back_rows(const void* c, int r0, int r1) {
  const norm_op* o = (const norm_op*) c;
  int n = o->n;
  for (int r = r0; r < r1; r++) {
    const float* xr = o->x + (size_t) r * n;
    const float* dr = o->dy + (size_t) r * n;
    float* out = o->y + (size_t) r * n;
    float m = o->mean[r], rs = o->rstd[r];
    double sg = 0, sgx = 0;
    for (int j = 0; j < n; j++) {
      float xh = (xr[j] - m) * rs;
      float g = dr[j] * o->w[j];
      sg += g;
      sgx += (double) g * xh;
    }
    float a = (float) (sg / n), cc = (float) (sgx / n);
    for (int j = 0; j < n; j++) {
      float xh = (xr[j] - m) * rs;
      float v = rs * (dr[j] * o->w[j] - a - xh * cc);
      out[j] = o->accumulate ? out[j] + v : v;
    }
  }
}

/* Columns [c0, c1) of gw += sum dy xh and gb += sum dy, over all rows in order. */
static void layer_norm_grad_cols(const void* c, int c0, int c1) {
  const norm_op* o = (const norm_op*) c;
  int n = o->n;
  for (int r = 0; r < o->rows; r++) {
    const float* xr = o->x + (size_t) r * n;
    const float* dr = o->dy + (size_t) r * n;
    float m = o->mean[r], rs = o->rstd[r];
    for (int j = c0; j < c1; j++) {
      if (o->gw) o->gw[j] += dr[j] * ((xr[j] - m) * rs);
      if (o->gb) o->gb[j] += dr[j];
    }
  }
}

/* Backward of layer_norm: dx (or dx +=, when accumulate; none when dx is null); gw, gb += . */
static void layer_norm_back(float* dx, int accumulate, const float* dy, const float* x,
    const float* mean, const float* rstd, const float* w, float* gw, float* gb, int rows, int n) {
  norm_op o = {.y = dx, .mean = (float*) mean, .rstd = (float*) rstd, .x = x, .w = w, .dy = dy,
      .gw = gw, .gb = gb, .n = n, .accumulate = accumulate, .rows = rows};
  if (dx) par_rows(rows, (size_t) rows * n, layer_norm_back_rows, &o);
  if (gw || gb) par_rows(n, (size_t) rows * n, layer_norm_grad_cols, &o);
}

typedef struct {
  float *p, *g;
  int t;
} softmax_op;

/* Rows of length t, in place: p = softmax(p). */
static void softmax_rows(const void* c, int r0, int r1) {
  const softmax_op* o = (const softmax_op*) c;
  int t = o->t;
  for (int r = r0; r < r1; r++) {
    float* row = o->p + (size_t) r * t;
    float mx = row[0];
    for (int j = 1; j < t; j++) mx = row[j] > mx ? row[j] : mx;
    double sum = 0;
    for (int j = 0; j < t; j++) {
      row[j] = expf(row[j] - mx);
      sum += row[j];
    }
    float inv = (float) (1.0 / sum);
    for (int j = 0; j < t; j++) row[j] *= inv;
  }
}

/* Rows of length t, in place: g = p (g - sum(g p)), the softmax backward. */
static void softmax_back_rows(const void* c, int r0, int r1) {
  const softmax_op* o = (const softmax_op*) c;
  int t = o->t;
  for (int r = r0; r < r1; r++) {
    float* g = o->g + (size_t) r * t;
    const float* p = o->p + (size_t) r * t;
    double dot = 0;
    for (int j = 0; j < t; j++) dot += (double) g[j] * p[j];
    float dd = (float) dot;
    for (int j = 0; j < t; j++) g[j] = p[j] * (g[j] - dd);
  }
}

typedef struct {
  const float* f;
  float *phi, *g, *tmp;
  int n;
} gelu_op;

/* Exact GELU of rows of f: phi = Phi(f) (kept for the backward), g = f phi. */
static void gelu_rows(const void* c, int r0, int r1) {
  const gelu_op* o = (const gelu_op*) c;
  size_t a = (size_t) r0 * o->n, b = (size_t) r1 * o->n;
  for (size_t j = a; j < b; j++) o->phi[j] = o->f[j] * (float) M_SQRT1_2;
  mkl_erf((int) (b - a), o->phi + a, o->phi + a);
  for (size_t j = a; j < b; j++) {
    o->phi[j] = 0.5f * (1.0f + o->phi[j]);
    o->g[j] = o->f[j] * o->phi[j];
  }
}

/* g *= GELU'(f) = Phi(f) + f phi(f), phi(f) = exp(-f^2/2) / sqrt(2 pi), on rows of f. */
static void gelu_back_rows(const void* c, int r0, int r1) {
  const gelu_op* o = (const gelu_op*) c;
  size_t a = (size_t) r0 * o->n, b = (size_t) r1 * o->n;
  for (size_t j = a; j < b; j++) o->tmp[j] = -0.5f * o->f[j] * o->f[j];
  mkl_exp((int) (b - a), o->tmp + a, o->tmp + a);
  const float inv_sqrt_2pi = 0.3989422804014327f;
  for (size_t j = a; j < b; j++) o->g[j] *= o->phi[j] + o->f[j] * o->tmp[j] * inv_sqrt_2pi;
}

/* Patch l of image i of imgs [n, C, side, side] into dst, in the conv weight's (c, i, j) order. */
static void copy_patch(float* dst, const float* imgs, int i, int l, int ch, int side, int p) {
  int g = side / p, gy = l / g, gx = l % g;
  for (int c = 0; c < ch; c++)
    for (int y = 0; y < p; y++)
      memcpy(dst + (c * p + y) * p,
          imgs + (((size_t) i * ch + c) * side + gy * p + y) * side + gx * p, sizeof(float) * p);
}

/* ---------- the pre-norm ViT block ---------- */

typedef struct {   /* the 12 arrays of a block, in Weights' order; grads may be null */
  const float *n1w, *n1b, *qkvw, *qkvb, *projw, *projb, *n2w, *n2b, *fc1w, *fc1b, *fc2w, *fc2b;
  float *gn1w, *gn1b, *gqkvw, *gqkvb, *gprojw, *gprojb, *gn2w, *gn2b, *gfc1w, *gfc1b, *gfc2w,
      *gfc2b;
} block_params;

typedef struct {   /* what a block keeps for its backward pass */
  const float* x;  /* input [rows x d] */
  float *a, *mu1, *rs1, *qkv, *p, *o, *x1, *c, *mu2, *rs2, *f, *phi, *g;
} block_saved;

typedef struct {
  int n, t, d, heads, hidden;
  float eps;
} block_dims;

/* Pointers to the per-(image, head) slices of a [n*t x ld] matrix whose head h starts at column
 * off + h*hd, and of the [n*heads] attention matrices [t x t]. */
static void head_ptrs(const float** out, const float* base, int n, int t, int heads, int hd,
    int ld, int off) {
  for (int i = 0; i < n; i++)
    for (int h = 0; h < heads; h++)
      out[i * heads + h] = base + (size_t) i * t * ld + off + h * hd;
}

/* x [n*t x d] -> y, keeping what the backward pass needs in s (buffers from ar). */
static void block_forward(float* y, const float* x, const block_params* w, block_saved* s,
    const block_dims* bd, arena* ar) {
  int n = bd->n, t = bd->t, d = bd->d, heads = bd->heads, hd = d / heads, hid = bd->hidden;
  int rows = n * t, nh = n * heads;
  size_t rd = (size_t) rows * d;
  s->x = x;
  s->a = take(ar, rd);
  s->mu1 = take(ar, rows);
  s->rs1 = take(ar, rows);
  s->qkv = take(ar, rd * 3);
  s->p = take(ar, (size_t) nh * t * t);
  s->o = take(ar, rd);
  s->x1 = take(ar, rd);
  s->c = take(ar, rd);
  s->mu2 = take(ar, rows);
  s->rs2 = take(ar, rows);
  s->f = take(ar, (size_t) rows * hid);
  s->phi = take(ar, (size_t) rows * hid);
  s->g = take(ar, (size_t) rows * hid);
  const float** pa = (const float**) take(ar, (size_t) nh * 3 * sizeof(void*) / sizeof(float) + 1);
  const float** pb = pa + nh;
  float** pc = (float**) (pa + 2 * nh);
  if (ar->failed) return;

  layer_norm(s->a, s->mu1, s->rs1, x, w->n1w, w->n1b, rows, d, bd->eps);
  linear(s->qkv, s->a, w->qkvw, w->qkvb, rows, d, 3 * d);
  /* scores = q k^T / sqrt(hd), per image and head, then a softmax over each row */
  head_ptrs(pa, s->qkv, n, t, heads, hd, 3 * d, 0);
  head_ptrs(pb, s->qkv, n, t, heads, hd, 3 * d, d);
  for (int i = 0; i < nh; i++) pc[i] = s->p + (size_t) i * t * t;
  gemm_batch('N', 'T', t, t, hd, 1.0f / sqrtf((float) hd), pa, 3 * d, pb, 3 * d, 0.0f, pc, t, nh);
  softmax_op so = {s->p, 0, t};
  par_rows(nh * t, (size_t) nh * t * t, softmax_rows, &so);
  /* o = p v, written straight into the merged-heads layout [n*t x d] */
  for (int i = 0; i < nh; i++) pa[i] = s->p + (size_t) i * t * t;
  head_ptrs(pb, s->qkv, n, t, heads, hd, 3 * d, 2 * d);
  head_ptrs((const float**) pc, s->o, n, t, heads, hd, d, 0);
  gemm_batch('N', 'N', t, hd, t, 1.0f, pa, t, pb, 3 * d, 0.0f, pc, d, nh);
  /* x1 = x + proj(o) */
  linear(s->x1, s->o, w->projw, w->projb, rows, d, d);
  add_to(s->x1, x, rows, d);
  /* y = x1 + fc2(gelu(fc1(norm2(x1)))), exact GELU: f Phi(f) */
  layer_norm(s->c, s->mu2, s->rs2, s->x1, w->n2w, w->n2b, rows, d, bd->eps);
  size_t rh = (size_t) rows * hid;
  linear(s->f, s->c, w->fc1w, w->fc1b, rows, d, hid);
  gelu_op go = {s->f, s->phi, s->g, 0, hid};
  par_rows(rows, rh, gelu_rows, &go);
  linear(y, s->g, w->fc2w, w->fc2b, rows, hid, d);
  add_to(y, s->x1, rows, d);
}

/* dy [n*t x d] -> dx (when not null), accumulating the weight gradients w asks for. */
static void block_backward(float* dx, const float* dy, const block_params* w,
    const block_saved* s, const block_dims* bd, arena* ar) {
  int n = bd->n, t = bd->t, d = bd->d, heads = bd->heads, hd = d / heads, hid = bd->hidden;
  int rows = n * t, nh = n * heads;
  size_t rd = (size_t) rows * d, rh = (size_t) rows * hid;
  float* dg = take(ar, rh);
  float* dc = take(ar, rd);
  float* dx1 = take(ar, rd);
  float* dattn = take(ar, rd);
  float* dqkv = take(ar, rd * 3);
  float* dp = take(ar, (size_t) nh * t * t);
  float* da = take(ar, rd);
  float* tmp = take(ar, rh);
  const float** pa = (const float**) take(ar, (size_t) nh * 3 * sizeof(void*) / sizeof(float) + 1);
  const float** pb = pa + nh;
  float** pc = (float**) (pa + 2 * nh);
  if (ar->failed) return;

  /* MLP branch: y = x1 + fc2(g) */
  linear_back(dg, dy, s->g, w->fc2w, w->gfc2w, w->gfc2b, rows, hid, d);
  /* GELU'(f) = Phi(f) + f phi(f), phi(f) = exp(-f^2/2) / sqrt(2 pi) */
  gelu_op go = {s->f, s->phi, dg, tmp, hid};
  par_rows(rows, rh, gelu_back_rows, &go);
  linear_back(dc, dg, s->c, w->fc1w, w->gfc1w, w->gfc1b, rows, d, hid);
  copy_to(dx1, dy, rows, d);
  layer_norm_back(dx1, 1, dc, s->x1, s->mu2, s->rs2, w->n2w, w->gn2w, w->gn2b, rows, d);
  /* attention branch: x1 = x + proj(o) */
  linear_back(dattn, dx1, s->o, w->projw, w->gprojw, w->gprojb, rows, d, d);
  /* dp = do v^T; dv = p^T do */
  head_ptrs(pa, dattn, n, t, heads, hd, d, 0);
  head_ptrs(pb, s->qkv, n, t, heads, hd, 3 * d, 2 * d);
  for (int i = 0; i < nh; i++) pc[i] = dp + (size_t) i * t * t;
  gemm_batch('N', 'T', t, t, hd, 1.0f, pa, d, pb, 3 * d, 0.0f, pc, t, nh);
  for (int i = 0; i < nh; i++) pb[i] = s->p + (size_t) i * t * t;
  head_ptrs((const float**) pc, dqkv, n, t, heads, hd, 3 * d, 2 * d);
  gemm_batch('T', 'N', t, hd, t, 1.0f, pb, t, pa, d, 0.0f, pc, 3 * d, nh);
  /* softmax backward: ds = p (dp - sum(dp p)) */
  softmax_op sb = {s->p, dp, t};
  par_rows(nh * t, (size_t) nh * t * t, softmax_back_rows, &sb);
  /* dq = ds k / sqrt(hd); dk = ds^T q / sqrt(hd) */
  float scale = 1.0f / sqrtf((float) hd);
  for (int i = 0; i < nh; i++) pa[i] = dp + (size_t) i * t * t;
  head_ptrs(pb, s->qkv, n, t, heads, hd, 3 * d, d);
  head_ptrs((const float**) pc, dqkv, n, t, heads, hd, 3 * d, 0);
  gemm_batch('N', 'N', t, hd, t, scale, pa, t, pb, 3 * d, 0.0f, pc, 3 * d, nh);
  head_ptrs(pb, s->qkv, n, t, heads, hd, 3 * d, 0);
  head_ptrs((const float**) pc, dqkv, n, t, heads, hd, 3 * d, d);
  gemm_batch('T', 'N', t, hd, t, scale, pa, t, pb, 3 * d, 0.0f, pc, 3 * d, nh);
  linear_back(da, dqkv, s->a, w->qkvw, w->gqkvw, w->gqkvb, rows, d, 3 * d);
  if (dx) {
    copy_to(dx, dx1, rows, d);
    layer_norm_back(dx, 1, da, s->x, s->mu1, s->rs1, w->n1w, w->gn1w, w->gn1b, rows, d);
  } else if (w->gn1w || w->gn1b) {
    layer_norm_back(0, 0, da, s->x, s->mu1, s->rs1, w->n1w, w->gn1w, w->gn1b, rows, d);
  }
}

static void block_at(block_params* b, const int64_t* w, const int64_t* gw, int first) {
  const float** ws[12] = {&b->n1w, &b->n1b, &b->qkvw, &b->qkvb, &b->projw, &b->projb, &b->n2w,
      &b->n2b, &b->fc1w, &b->fc1b, &b->fc2w, &b->fc2b};
  float** gs[12] = {&b->gn1w, &b->gn1b, &b->gqkvw, &b->gqkvb, &b->gprojw, &b->gprojb, &b->gn2w,
      &b->gn2b, &b->gfc1w, &b->gfc1b, &b->gfc2w, &b->gfc2b};
  for (int i = 0; i < 12; i++) {
    *ws[i] = (const float*) (intptr_t) w[first + i];
    *gs[i] = (float*) (intptr_t) gw[first + i];
  }
}

static int any_grad(const int64_t* gw, int from, int to) {
  for (int i = from; i < to; i++)
    if (gw[i]) return 1;
  return 0;
}

const char* ttt4j_mae_error(void) {
  return load_error;
}

/* 1 when MKL could be bound from the loaded libtorch (else ttt4j_mae_error says why). */
int32_t ttt4j_mae_available(void) {
  return bind_mkl();
}

/*
 * The MAE encoder on the visible patches: embed them (conv weight order c, i, j), add their
 * positions, put the cls token first, run the blocks (keeping what their backward needs in es),
 * normalise into lat. ex[0..depth] receive the block inputs and the last output.
 */
static void encoder(const block_dims* ebd, block_params* ebp, block_saved* es, float** ex,
    float* lat, float* mu, float* rs, float* patches, float* emb, const int64_t* w,
    const int64_t* gw, const float* pos, const float* imgs, const int32_t* ids_keep, int ch,
    int side, int p, int depth, arena* ar) {
  int n = ebd->n, te = ebd->t, keep = te - 1, D = ebd->d, P = p * p * ch;
  int re = n * te;
  float eps = ebd->eps;
  const float* wpe = (const float*) (intptr_t) w[0];
  const float* bpe = (const float*) (intptr_t) w[1];
  const float* cls = (const float*) (intptr_t) w[2];
  const float* nw = (const float*) (intptr_t) w[3 + 12 * depth];
  const float* nb = (const float*) (intptr_t) w[3 + 12 * depth + 1];
  for (int i = 0; i < n; i++)
    for (int r = 0; r < keep; r++) {
      copy_patch(patches + ((size_t) i * keep + r) * P, imgs, i, ids_keep[i * keep + r], ch,
          side, p);
    }
  linear(emb, patches, wpe, bpe, n * keep, P, D);
  for (int i = 0; i < n; i++) {
    memcpy(ex[0] + (size_t) i * te * D, cls, sizeof(float) * D);
    for (int r = 0; r < keep; r++) {
      const float* src = emb + ((size_t) i * keep + r) * D;
      const float* pp = pos + (size_t) ids_keep[i * keep + r] * D;
      float* dst = ex[0] + ((size_t) i * te + 1 + r) * D;
      for (int j = 0; j < D; j++) dst[j] = src[j] + pp[j];
    }
  }
  for (int b = 0; b < depth; b++) {
    block_at(&ebp[b], w, gw, 3 + 12 * b);
    block_forward(ex[b + 1], ex[b], &ebp[b], &es[b], ebd, ar);
    if (ar->failed) return;
  }
  layer_norm(lat, mu, rs, ex[depth], nw, nb, re, D, eps);
}

/* One thread's share of a call: images [i0, i1) of the batch, gradients into gw. */
typedef struct {
  const int32_t* dims;
  const int64_t* w;
  const int64_t* gw;
  const float *pos, *dpos, *imgs;
  const int32_t *ids_keep, *ids_restore;
  float eps;
  int i0, i1, removed;
  double lsum;      /* sum over this share's removed patches of their mean squared error */
  int failed;
  int64_t* own;     /* gradient slots of a thread after the first (into its own buffer) */
  float* buffer;
} share;

static void mae_share(share* sh) {
  const int32_t* dims = sh->dims;
  const int64_t* w = sh->w;
  const int64_t* gw = sh->gw;
  const float* pos = sh->pos;
  const float* dpos = sh->dpos;
  int n = sh->i1 - sh->i0;
  float eps = sh->eps;
  int ch = dims[1], side = dims[2], p = dims[3], keep = dims[4], D = dims[5];
  int heads = dims[6], depth = dims[7], Dd = dims[8], dheads = dims[9], ddepth = dims[10];
  int ratio = dims[11], normpix = dims[12];
  int g = side / p, L = g * g, P = p * p * ch, te = 1 + keep, td = 1 + L;
  int enc_end = 3 + 12 * depth + 2;              /* first decoder parameter */
  int total = enc_end + 3 + 12 * ddepth + 4;
  const float* wpe = (const float*) (intptr_t) w[0];
  const float* nw = (const float*) (intptr_t) w[enc_end - 2];
  const float* wde = (const float*) (intptr_t) w[enc_end];
  const float* bde = (const float*) (intptr_t) w[enc_end + 1];
  const float* mtok = (const float*) (intptr_t) w[enc_end + 2];
  int dn = enc_end + 3 + 12 * ddepth;
  const float* dnw = (const float*) (intptr_t) w[dn];
  const float* dnb = (const float*) (intptr_t) w[dn + 1];
  const float* wpr = (const float*) (intptr_t) w[dn + 2];
  const float* bpr = (const float*) (intptr_t) w[dn + 3];
  const float* imgs = sh->imgs + (size_t) sh->i0 * ch * side * side;
  const int32_t* ids_keep = sh->ids_keep + (size_t) sh->i0 * keep;
  const int32_t* ids_restore = sh->ids_restore + (size_t) sh->i0 * L;
  int removed = sh->removed;
  int enc_grads = any_grad(gw, 0, enc_end);
  int dec_grads = any_grad(gw, enc_end, total);

  arena ar = {0};
  int re = n * te, rdc = n * td;
  block_saved* es = (block_saved*) take(&ar, sizeof(block_saved) * depth / sizeof(float) + 1);
  block_saved* ds = (block_saved*) take(&ar, sizeof(block_saved) * ddepth / sizeof(float) + 1);
  float* patches = take(&ar, (size_t) n * keep * P);     /* visible patches, conv order */
  float* emb = take(&ar, (size_t) n * keep * D);
  float** ex = (float**) take(&ar, (size_t) (depth + 1) * sizeof(void*) / sizeof(float) + 1);
  for (int b = 0; b <= depth; b++) ex[b] = take(&ar, (size_t) re * D);
  float* lat = take(&ar, (size_t) re * D);
  float* mu = take(&ar, re);
  float* rs = take(&ar, re);
  float* e = take(&ar, (size_t) re * Dd);
  float** dx = (float**) take(&ar, (size_t) (ddepth + 1) * sizeof(void*) / sizeof(float) + 1);
  for (int b = 0; b <= ddepth; b++) dx[b] = take(&ar, (size_t) rdc * Dd);
  float* hdec = take(&ar, (size_t) rdc * Dd);
  float* dmu = take(&ar, rdc);
  float* drs = take(&ar, rdc);
  float* pred = take(&ar, (size_t) rdc * P);
  float* target = take(&ar, (size_t) n * L * P);
  if (ar.failed) {
    release(&ar);
    sh->failed = 1;
    return;
  }

  block_dims ebd = {n, te, D, heads, D * ratio, eps};
  block_params ebp[depth > 0 ? depth : 1];
  encoder(&ebd, ebp, es, ex, lat, mu, rs, patches, emb, w, gw, pos, imgs, ids_keep, ch, side, p,
      depth, &ar);

  /* decoder: project, put the encoded tokens back in patch order among mask tokens, positions */
  linear(e, lat, wde, bde, re, D, Dd);
  for (int i = 0; i < n; i++) {
    float* row = dx[0] + (size_t) i * td * Dd;
    const float* src = e + (size_t) i * te * Dd;
    for (int j = 0; j < Dd; j++) row[j] = src[j] + dpos[j];
    for (int l = 0; l < L; l++) {
      int r = ids_restore[i * L + l];
      const float* tok = r < keep ? src + (size_t) (1 + r) * Dd : mtok;
      float* dst = row + (size_t) (1 + l) * Dd;
      const float* pp = dpos + (size_t) (1 + l) * Dd;
      for (int j = 0; j < Dd; j++) dst[j] = tok[j] + pp[j];
    }
  }
  block_dims dbd = {n, td, Dd, dheads, Dd * ratio, eps};
  block_params dbp[ddepth > 0 ? ddepth : 1];
  for (int b = 0; b < ddepth; b++) {
    block_at(&dbp[b], w, gw, enc_end + 3 + 12 * b);
    block_forward(dx[b + 1], dx[b], &dbp[b], &ds[b], &dbd, &ar);
  }
  layer_norm(hdec, dmu, drs, dx[ddepth], dnw, dnb, rdc, Dd, eps);
  linear(pred, hdec, wpr, bpr, rdc, Dd, P);
  if (ar.failed) {
    release(&ar);
    sh->failed = 1;
    return;
  }

  /* loss: mean squared error per removed patch, against (p, q, c)-ordered, normalised pixels */
  for (int i = 0; i < n; i++)
    for (int l = 0; l < L; l++) {
      int gy = l / g, gx = l % g;
      float* t = target + ((size_t) i * L + l) * P;
      for (int y = 0; y < p; y++)
        for (int x = 0; x < p; x++)
          for (int c = 0; c < ch; c++)
            t[(y * p + x) * ch + c] = imgs[(((size_t) i * ch + c) * side + gy * p + y) * side
                + gx * p + x];
      if (normpix) {
        double s = 0, ss = 0;
        for (int k = 0; k < P; k++) s += t[k];
        double m = s / P;
        for (int k = 0; k < P; k++) ss += (t[k] - m) * (t[k] - m);
        float sd = sqrtf((float) (ss / (P - 1)) + 1e-6f);
        for (int k = 0; k < P; k++) t[k] = (t[k] - (float) m) / sd;
      }
    }
  double lsum = 0;
  for (int i = 0; i < n; i++)
    for (int l = 0; l < L; l++) {
      if (ids_restore[i * L + l] < keep) continue;
      const float* pr = pred + ((size_t) i * td + 1 + l) * P;
      const float* t = target + ((size_t) i * L + l) * P;
      double s = 0;
      for (int k = 0; k < P; k++) s += (double) (pr[k] - t[k]) * (pr[k] - t[k]);
      lsum += s / P;
    }
  sh->lsum = lsum;
  if (!enc_grads && !dec_grads) {
    release(&ar);
    return;
  }

  /* backward: d loss / d pred = 2 (pred - target) / (P * removed) on removed patches, else 0 */
  float* dpred = take(&ar, (size_t) rdc * P);
  float* dh = take(&ar, (size_t) rdc * Dd);
  float* dcur = take(&ar, (size_t) rdc * Dd);
  float* dnext = take(&ar, (size_t) rdc * Dd);
  if (ar.failed) {
    release(&ar);
    sh->failed = 1;
    return;
  }
  memset(dpred, 0, sizeof(float) * rdc * P);
  float k2 = 2.0f / ((float) P * removed);
  for (int i = 0; i < n; i++)
    for (int l = 0; l < L; l++) {
      if (ids_restore[i * L + l] < keep) continue;
      const float* pr = pred + ((size_t) i * td + 1 + l) * P;
      const float* t = target + ((size_t) i * L + l) * P;
      float* o = dpred + ((size_t) i * td + 1 + l) * P;
      for (int k = 0; k < P; k++) o[k] = k2 * (pr[k] - t[k]);
    }
#define GRAD(i) ((float*) (intptr_t) gw[(i)])
  linear_back(dh, dpred, hdec, wpr, GRAD(dn + 2), GRAD(dn + 3), rdc, Dd, P);
  layer_norm_back(dcur, 0, dh, dx[ddepth], dmu, drs, dnw, GRAD(dn), GRAD(dn + 1), rdc, Dd);
  int need_input = enc_grads || GRAD(enc_end) || GRAD(enc_end + 1) || GRAD(enc_end + 2);
  for (int b = ddepth - 1; b >= 0; b--) {
    int below = b > 0 || need_input;
    if (!below && !any_grad(gw, enc_end + 3 + 12 * b, enc_end + 3 + 12 * (b + 1))) break;
    block_backward(below ? dnext : 0, dcur, &dbp[b], &ds[b], &dbd, &ar);
    float* sw = dcur;
    dcur = dnext;
    dnext = sw;
  }
  if (need_input && !ar.failed) {
    /* back through the token shuffle: mask tokens, encoded tokens, the cls row */
    float* de = take(&ar, (size_t) re * Dd);
    float* gm = GRAD(enc_end + 2);
    if (!ar.failed) {
      for (int i = 0; i < n; i++) {
        const float* row = dcur + (size_t) i * td * Dd;
        float* dst = de + (size_t) i * te * Dd;
        memcpy(dst, row, sizeof(float) * Dd);
        for (int l = 0; l < L; l++) {
          int r = ids_restore[i * L + l];
          const float* src = row + (size_t) (1 + l) * Dd;
          if (r < keep) {
            memcpy(dst + (size_t) (1 + r) * Dd, src, sizeof(float) * Dd);
          } else if (gm) {
            for (int j = 0; j < Dd; j++) gm[j] += src[j];
          }
        }
      }
    }
    float* dlat = enc_grads ? take(&ar, (size_t) re * D) : 0;
    if (!ar.failed) linear_back(dlat, de, lat, wde, GRAD(enc_end), GRAD(enc_end + 1), re, D, Dd);
    if (enc_grads && !ar.failed) {
      float* ecur = take(&ar, (size_t) re * D);
      float* enext = take(&ar, (size_t) re * D);
      if (!ar.failed) {
        layer_norm_back(ecur, 0, dlat, ex[depth], mu, rs, nw, GRAD(enc_end - 2),
            GRAD(enc_end - 1), re, D);
        int embed_grads = GRAD(0) || GRAD(1) || GRAD(2);
        for (int b = depth - 1; b >= 0; b--) {
          int below = b > 0 || embed_grads;
          if (!below && !any_grad(gw, 3 + 12 * b, 3 + 12 * (b + 1))) break;
          block_backward(below ? enext : 0, ecur, &ebp[b], &es[b], &ebd, &ar);
          float* sw = ecur;
          ecur = enext;
          enext = sw;
        }
        if (embed_grads && !ar.failed) {
          float* gc = GRAD(2);
          float* demb = take(&ar, (size_t) n * keep * D);
          if (!ar.failed) {
            for (int i = 0; i < n; i++) {
              const float* row = ecur + (size_t) i * te * D;
              if (gc)
                for (int j = 0; j < D; j++) gc[j] += row[j];
              memcpy(demb + (size_t) i * keep * D, row + D, sizeof(float) * keep * D);
            }
            linear_back(0, demb, patches, wpe, GRAD(0), GRAD(1), n * keep, P, D);
          }
        }
      }
    }
  }
#undef GRAD
  if (ar.failed) {
    release(&ar);
    sh->failed = 1;
    return;
  }
  release(&ar);
}

/* Runs fn(arg) on `threads` threads of libtorch's OpenMP team (the threads libtorch itself keeps
 * busy-waiting between its parallel regions, so no other thread competes with them for the
 * cores); fn reads its part from omp_thread(). */
static void on_team(void (*fn)(void*), void* arg, int threads) {
  if (threads > 1 && gomp_parallel) {
    gomp_parallel(fn, arg, (unsigned) threads, 0);
  } else {
    fn(arg);
  }
}

static int team_id(void) {
  return gomp_parallel && omp_thread ? omp_thread() : 0;
}

typedef struct {
  share* sh;
  int threads;
} split_job;

/* One thread's share of a split batch, MKL on this thread alone. */
static void split_part(void* arg) {
  split_job* j = (split_job*) arg;
  int id = team_id();
  if (id >= j->threads) return;
  int before = mkl_local_threads(1);
  mae_share(&j->sh[id]);
  mkl_local_threads(before);
}

/*
 * The loss of a batch and the gradients of the parameters whose gw slot is set (accumulated).
 * dims: n, channels, image side, patch, keep, D, heads, depth, Dd, decoder heads, decoder depth,
 *   mlp ratio, norm-pix (0/1).
 * w / gw: addresses of the parameters / their gradients (0 = not wanted), sizes their element
 *   counts, in this order: patch_embed.proj.weight, patch_embed.proj.bias, cls_token, 12 per
 *   encoder block (norm1.w/b, attn.qkv.w/b, attn.proj.w/b, norm2.w/b, mlp.fc1.w/b,
 *   mlp.fc2.w/b), norm.w/b, decoder_embed.w/b, mask_token, 12 per decoder block,
 *   decoder_norm.w/b, decoder_pred.w/b.
 * pos [L x D] (no cls row), dpos [(1 + L) x Dd]; imgs [n, C, H, W]; ids_keep [n x keep];
 * ids_restore [n x L].
 * With threads > 1 the images are split between threads, each running MKL on one thread (the
 * images are independent until their weight gradients are summed); with one image, or
 * threads = 1, MKL runs on its own threads. Returns the loss; NaN with ttt4j_mae_error set when
 * it could not run.
 */
float ttt4j_mae_loss_grad(const int32_t* dims, const int64_t* w, const int64_t* gw,
    const int64_t* sizes, const float* pos, const float* dpos, const float* imgs,
    const int32_t* ids_keep, const int32_t* ids_restore, float eps, int32_t threads) {
  if (!bind_mkl()) return NAN;
  load_error[0] = 0;   /* a NaN from here on is the model's (divergence), unless set below */
  int n = dims[0], keep = dims[4], side = dims[2], p = dims[3];
  int L = (side / p) * (side / p);
  int depth = dims[7], ddepth = dims[10];
  int count = 3 + 12 * depth + 2 + 3 + 12 * ddepth + 4;
  int removed = 0;
  for (int i = 0; i < n * L; i++) removed += ids_restore[i] >= keep;
  if (threads > n) threads = n;
  if (threads > 8) threads = 8;
  if (threads < 1) threads = 1;
  if (!gomp_parallel) threads = 1;
  share sh[8];
  size_t grad_floats = 0;
  for (int i = 0; i < count; i++)
    if (gw[i]) grad_floats += (size_t) sizes[i];
  for (int t = 0; t < threads; t++) {
    sh[t] = (share) {.dims = dims, .w = w, .gw = gw, .pos = pos, .dpos = dpos, .imgs = imgs,
        .ids_keep = ids_keep, .ids_restore = ids_restore, .eps = eps, .i0 = n * t / threads,
        .i1 = n * (t + 1) / threads, .removed = removed};
    if (t == 0) continue;
    sh[t].own = (int64_t*) malloc(sizeof(int64_t) * count);
    sh[t].buffer = grad_floats ? (float*) calloc(grad_floats, sizeof(float)) : 0;
    if (!sh[t].own || (grad_floats && !sh[t].buffer)) {
      sh[t].failed = 1;
      sh[t].i1 = sh[t].i0;              /* nothing to do; reported below */
      continue;
    }
    size_t at = 0;
    for (int i = 0; i < count; i++) {
      sh[t].own[i] = gw[i] ? (int64_t) (intptr_t) (sh[t].buffer + at) : 0;
      if (gw[i]) at += (size_t) sizes[i];
    }
    sh[t].gw = sh[t].own;
  }
  if (threads > 1) {
    split_job job = {.sh = sh, .threads = threads};
    on_team(split_part, &job, threads);
  } else {
    mae_share(&sh[0]);
  }
  double lsum = sh[0].lsum;
  int failed = sh[0].failed;
  for (int t = 1; t < threads; t++) {
    failed |= sh[t].failed;
    lsum += sh[t].lsum;
    if (!sh[t].failed) {
      size_t at = 0;
      for (int i = 0; i < count; i++) {
        if (!gw[i]) continue;
        float* dst = (float*) (intptr_t) gw[i];
        const float* src = sh[t].buffer + at;
        for (int64_t j = 0; j < sizes[i]; j++) dst[j] += src[j];
        at += (size_t) sizes[i];
      }
    }
    free(sh[t].buffer);
    free(sh[t].own);
  }
  if (failed) {
    snprintf(load_error, sizeof load_error, "out of memory");
    return NAN;
  }
  return (float) (lsum / removed);
}

/* ---------- a small GEMM for the classification encoder (AVX-512, no packing) ---------- */

/*
 * The horizontal sums of 16 vectors at once: lane r * 4 + c of the result is the sum of the 16
 * floats of v[r * 4 + c]. Four rounds each halve the number of vectors: add interleaved
 * pairs of floats, of float pairs, of 128-bit quarters, then of 256-bit halves.
 */
__attribute__((target("avx512f"))) static inline __m512 sum16(const __m512* v) {
  __m512 s1[8], s2[4], s3[2];
  for (int p = 0; p < 8; p++)
    s1[p] = _mm512_add_ps(_mm512_unpacklo_ps(v[2 * p], v[2 * p + 1]),
        _mm512_unpackhi_ps(v[2 * p], v[2 * p + 1]));
  for (int p = 0; p < 4; p++) {
    __m512d a = _mm512_castps_pd(s1[2 * p]), b = _mm512_castps_pd(s1[2 * p + 1]);
    s2[p] = _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(a, b)),
        _mm512_castpd_ps(_mm512_unpackhi_pd(a, b)));
  }
  for (int p = 0; p < 2; p++)
    s3[p] = _mm512_add_ps(_mm512_shuffle_f32x4(s2[2 * p], s2[2 * p + 1], 0x44),
        _mm512_shuffle_f32x4(s2[2 * p], s2[2 * p + 1], 0xEE));
  return _mm512_add_ps(_mm512_shuffle_f32x4(s3[0], s3[1], 0x88),
      _mm512_shuffle_f32x4(s3[0], s3[1], 0xDD));
}

/* One tile: y[mr x 4] += x[mr x k] w[4 x k]^T, as mr * 4 dot products; prefetches `lines`
 * cache lines from pf (the next tile's weights) on the way, two per 16 floats of k. */
__attribute__((target("avx512f"), always_inline)) static inline void dot_tile(int mr,
    const float* x, const float* w, int k, float* y, int n, const char* pf, int lines) {
  __m512 acc[16], xr[4];
  for (int q = 0; q < 16; q++) acc[q] = _mm512_setzero_ps();
  for (int kk = 0; kk < k; kk += 16) {
    if (lines > 0) _mm_prefetch(pf, _MM_HINT_T0);
    if (lines > 1) _mm_prefetch(pf + 64, _MM_HINT_T0);
    pf += 128;
    lines -= 2;
    for (int r = 0; r < mr; r++) xr[r] = _mm512_loadu_ps(x + (size_t) r * k + kk);
    for (int c = 0; c < 4; c++) {
      __m512 wc = _mm512_loadu_ps(w + (size_t) c * k + kk);
      for (int r = 0; r < mr; r++) acc[r * 4 + c] = _mm512_fmadd_ps(xr[r], wc, acc[r * 4 + c]);
    }
  }
  float out[16];
  _mm512_storeu_ps(out, sum16(acc));
  for (int r = 0; r < mr; r++)
    for (int c = 0; c < 4; c++) y[(size_t) r * n + c] += out[r * 4 + c];
}

/*
 * y[m x n] += x[m x k] w[n x k]^T (row-major; n a multiple of 4, k of 16) by tiles of 4 rows of
 * x and 4 rows of w. For the 25 token rows per thread of one image, MKL's sgemm copies each
 * weight matrix into its packed layout for about as long as it multiplies with it; this packs
 * nothing. Four rows of w stay in L1 while every row of x passes them, and the next four are
 * prefetched meanwhile, a share during each tile, since w comes from L3 once per call.
 */
__attribute__((target("avx512f"))) static void gemm_nt_avx512(int m, int n, int k,
    const float* x, const float* w, float* y) {
  int tiles = (m + 3) / 4;
  int lines = k / 4;                              /* cache lines of 4 rows of w */
  int share = (lines + tiles - 1) / tiles;
  for (int j = 0; j < n; j += 4) {
    const char* next = (const char*) (w + (size_t) (j + 4) * k);
    for (int t = 0; t < tiles; t++) {
      int i = 4 * t, mr = m - i < 4 ? m - i : 4;
      const float* xi = x + (size_t) i * k;
      const float* wj = w + (size_t) j * k;
      float* yij = y + (size_t) i * n + j;
      const char* pf = next + (size_t) t * share * 64;
      int pl = j + 4 < n ? share : 0;
      switch (mr) {   /* one specialised copy of the tile per row count */
        case 4: dot_tile(4, xi, wj, k, yij, n, pf, pl); break;
        case 3: dot_tile(3, xi, wj, k, yij, n, pf, pl); break;
        case 2: dot_tile(2, xi, wj, k, yij, n, pf, pl); break;
        default: dot_tile(1, xi, wj, k, yij, n, pf, pl); break;
      }
    }
  }
}

/* Whether gemm_nt_avx512 runs on this CPU (read once; TTT4J_MKL_ONLY=1 in the environment keeps
 * MKL, to compare the two). */
static int own_gemm_cpu(void) {
  static int cpu = -1;
  if (cpu < 0) cpu = __builtin_cpu_supports("avx512f") && !getenv("TTT4J_MKL_ONLY");
  return cpu;
}

/* Whether gemm_nt_avx512 can take y = x w^T + y for these sizes on this CPU. */
static int own_gemm_fits(int n, int k) {
  return own_gemm_cpu() && n % 4 == 0 && k % 16 == 0;
}

/* 1 when the classification encoder's products run on gemm_nt_avx512 (for provenance). */
int32_t ttt4j_mae_own_gemm(void) {
  return own_gemm_cpu();
}

/* ---------- the encoder alone, for classification: rows split between threads ---------- */

typedef struct {   /* one encoder pass, shared by its threads */
  int n, t, D, heads, hidden, depth, ch, side, p, threads;
  float eps;
  const int64_t* w;
  const float *pos, *imgs;
  float *x, *a, *qkv[2], *o, *hid, *out;
} encode_pass;

/* y = x w^T + b for the encoder's rows: the unpacked AVX-512 product where it fits, else MKL. */
static void enc_linear(float* y, const float* x, const float* w, const float* b, int rows,
    int in, int out) {
  if (!own_gemm_fits(out, in)) {
    linear(y, x, w, b, rows, in, out);
    return;
  }
  fill_bias(y, b, rows, out);
  gemm_nt_avx512(rows, out, in, x, w, y);
}


/*
 * Thread id's rows of every step: patch embedding, layer norms, projections, MLP and residuals
 * of rows [r0, r1); attention of those query rows over all keys and values of their image,
 * which every thread has written before the barrier that follows the qkv projection. qkv is
 * double-buffered, so a thread ahead by one block never overwrites what another still reads.
 */
static void encode_rows(void* arg) {
  encode_pass* e = (encode_pass*) arg;
  int id = team_id();
  if (id >= e->threads) return;
  int t = e->t, D = e->D, heads = e->heads, hd = D / heads, hid = e->hidden, p = e->p;
  int ch = e->ch, side = e->side, P = p * p * ch;
  int rows = e->n * t;
  int r0 = rows * id / e->threads, r1 = rows * (id + 1) / e->threads, m = r1 - r0;
  int before = e->threads > 1 ? mkl_local_threads(1) : 0;
  const int64_t* w = e->w;
  const float* wpe = (const float*) (intptr_t) w[0];
  const float* bpe = (const float*) (intptr_t) w[1];
  const float* cls = (const float*) (intptr_t) w[2];
  float* patch = (float*) malloc(sizeof(float) * (size_t) P);  /* (a failed malloc: see below) */
  float* scores = (float*) malloc(sizeof(float) * (size_t) t * (m > 0 ? m : 1));
  float scale = 1.0f / sqrtf((float) hd);
  /* embed: the cls row is the cls token; patch rows are conv(patch) + bias + position */
  for (int r = r0; r < r1; r++) {
    int i = r / t, l = r % t - 1;
    float* dst = e->x + (size_t) r * D;
    if (l < 0) {
      memcpy(dst, cls, sizeof(float) * D);
      continue;
    }
    copy_patch(patch, e->imgs, i, l, ch, side, p);
    linear(dst, patch, wpe, bpe, 1, P, D);
    const float* pp = e->pos + (size_t) l * D;
    for (int j = 0; j < D; j++) dst[j] += pp[j];
  }
  float mu_r, rs_r;
  for (int b = 0; b < e->depth; b++) {
    block_params bp;
    const int64_t* bw = w + 3 + 12 * b;
    bp.n1w = (const float*) (intptr_t) bw[0];
    bp.n1b = (const float*) (intptr_t) bw[1];
    bp.qkvw = (const float*) (intptr_t) bw[2];
    bp.qkvb = (const float*) (intptr_t) bw[3];
    bp.projw = (const float*) (intptr_t) bw[4];
    bp.projb = (const float*) (intptr_t) bw[5];
    bp.n2w = (const float*) (intptr_t) bw[6];
    bp.n2b = (const float*) (intptr_t) bw[7];
    bp.fc1w = (const float*) (intptr_t) bw[8];
    bp.fc1b = (const float*) (intptr_t) bw[9];
    bp.fc2w = (const float*) (intptr_t) bw[10];
    bp.fc2b = (const float*) (intptr_t) bw[11];
    float* qkv = e->qkv[b & 1];
    float* x = e->x + (size_t) r0 * D;
    float* a = e->a + (size_t) r0 * D;
    for (int r = 0; r < m; r++)
      layer_norm(a + (size_t) r * D, &mu_r, &rs_r, x + (size_t) r * D, bp.n1w, bp.n1b, 1, D,
          e->eps);
    if (m > 0) enc_linear(qkv + (size_t) r0 * 3 * D, a, bp.qkvw, bp.qkvb, m, D, 3 * D);
    if (e->threads > 1) gomp_barrier();
    /* attention of the own query rows, image by image, head by head */
    for (int r = r0; r < r1;) {
      int i = r / t, end = (i + 1) * t < r1 ? (i + 1) * t : r1, q = end - r;
      const float* base = qkv + (size_t) i * t * 3 * D;
      for (int h = 0; h < heads; h++) {
        gemm('N', 'T', q, t, hd, scale, qkv + (size_t) r * 3 * D + h * hd, 3 * D,
            base + D + h * hd, 3 * D, 0.0f, scores, t);
        softmax_op so = {scores, 0, t};
        softmax_rows(&so, 0, q);
        gemm('N', 'N', q, hd, t, 1.0f, scores, t, base + 2 * D + h * hd, 3 * D, 0.0f,
            e->o + (size_t) r * D + h * hd, D);
      }
      r = end;
    }
    if (m > 0) {
      float* o = e->o + (size_t) r0 * D;
      float* y = a;                                   /* a is free again: proj output */
      enc_linear(y, o, bp.projw, bp.projb, m, D, D);
      for (size_t j = 0; j < (size_t) m * D; j++) x[j] += y[j];
      for (int r = 0; r < m; r++)
        layer_norm(a + (size_t) r * D, &mu_r, &rs_r, x + (size_t) r * D, bp.n2w, bp.n2b, 1, D,
            e->eps);
      float* f = e->hid + (size_t) r0 * hid;
      size_t mh = (size_t) m * hid;
      enc_linear(f, a, bp.fc1w, bp.fc1b, m, D, hid);
      float* er = (float*) malloc(sizeof(float) * mh);
      for (size_t j = 0; j < mh; j++) er[j] = f[j] * (float) M_SQRT1_2;
      mkl_erf((int) mh, er, er);
      for (size_t j = 0; j < mh; j++) f[j] = f[j] * (0.5f * (1.0f + er[j]));
      free(er);
      enc_linear(y, f, bp.fc2w, bp.fc2b, m, hid, D);
      for (size_t j = 0; j < (size_t) m * D; j++) x[j] += y[j];
    }
  }
  const float* nw = (const float*) (intptr_t) w[3 + 12 * e->depth];
  const float* nb = (const float*) (intptr_t) w[3 + 12 * e->depth + 1];
  for (int r = r0; r < r1; r++)
    layer_norm(e->out + (size_t) r * D, &mu_r, &rs_r, e->x + (size_t) r * D, nw, nb, 1, D,
        e->eps);
  free(patch);
  free(scores);
  if (e->threads > 1) mkl_local_threads(before);
}

/*
 * The encoder alone on every patch (no masking), as classification uses it: imgs [n, C, H, W]
 * -> out [n, 1 + L, D] (normalised latent, cls token first). Parameters as for
 * ttt4j_mae_loss_grad (only the encoder's are read). The token rows are split between up to
 * `threads` threads, each running MKL on one thread. Returns 0, or -1 with ttt4j_mae_error set.
 */
int32_t ttt4j_mae_encode(const int32_t* dims, const int64_t* w, const float* pos,
    const float* imgs, float* out, float eps, int32_t threads) {
  if (!bind_mkl()) return -1;
  load_error[0] = 0;
  encode_pass e = {.n = dims[0], .ch = dims[1], .side = dims[2], .p = dims[3], .D = dims[5],
      .heads = dims[6], .depth = dims[7], .eps = eps, .w = w, .pos = pos, .imgs = imgs,
      .out = out};
  int L = (e.side / e.p) * (e.side / e.p);
  e.t = 1 + L;
  e.hidden = e.D * dims[11];
  size_t rows = (size_t) e.n * e.t;
  e.x = (float*) malloc(sizeof(float) * rows * e.D);
  e.a = (float*) malloc(sizeof(float) * rows * e.D);
  e.o = (float*) malloc(sizeof(float) * rows * e.D);
  e.qkv[0] = (float*) malloc(sizeof(float) * rows * 3 * e.D);
  e.qkv[1] = (float*) malloc(sizeof(float) * rows * 3 * e.D);
  e.hid = (float*) malloc(sizeof(float) * rows * e.hidden);
  int failed = !e.x || !e.a || !e.o || !e.qkv[0] || !e.qkv[1] || !e.hid;
  if (threads > 8) threads = 8;
  if (threads > (int) rows) threads = (int) rows;
  e.threads = gomp_parallel && !failed ? threads : 1;
  if (!failed) on_team(encode_rows, &e, e.threads);
  free(e.x);
  free(e.a);
  free(e.o);
  free(e.qkv[0]);
  free(e.qkv[1]);
  free(e.hid);
  if (failed) {
    snprintf(load_error, sizeof load_error, "out of memory");
    return -1;
  }
  return 0;
}
