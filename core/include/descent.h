/*
 * descent.h — the one public C API of the descent optimizer core.
 *
 * Everything JavaScript (through WebAssembly) and native tools may call is declared here.
 *
 * Conventions
 * - Every fallible call returns a dsc_status and, on failure, writes a message to a caller-owned
 *   dsc_error (liblinear's check_parameter style: the message names the field and the allowed range).
 *   Results go to *_out parameters (XNNPACK style). Nothing here calls exit() or abort().
 * - Every *_create has its *_free; free(NULL) is a no-op.
 * - No global mutable state: randomness is an explicit dsc_rng, errors go to the caller's dsc_error.
 * - Config structs are plain and copyable; fields are int32_t or double only, so that JavaScript can
 *   fill them through a typed-array view (web/lib/engine.js mirrors their layout; tests/node/abi.test.js
 *   parses this header and checks the mirror).
 *
 * Numerical contract
 * - Data (features X, targets y) are float32, row-major, n rows × d columns.
 * - The hot kernels compute dot products in float32 and accumulate per-row loss and gradient terms
 *   in float32 over blocks of at most DSC_BLOCK_ROWS rows (4 lanes by row position, rows paired in the
 *   gradient), then add each block into double; a block sum adds at most 16 float32 terms in sequence.
 *   The scalar and SIMD kernels implement one accumulation order, stated in
 *   core/src/kernels/f32-lossgrad-scalar.c, so they give the same bits (NaN payloads aside).
 * - No floating-point contraction (-ffp-contract=off): builds for CPUs with FMA round like the .wasm.
 * - Parameters, gradients, optimizer state and schedules are double.
 * - Loss is the mean over the batch (MSE without the ½); see dsc_loss.
 * - Build with -O2/-O3, never -ffast-math: bit-exact replay across hosts depends on it.
 */
#ifndef DESCENT_H
#define DESCENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------
 * Status and errors
 * ---------------------------------------------------------------------------------------------- */

typedef enum dsc_status {
  DSC_OK = 0,
  DSC_EINVAL = 1,  /* a config value or argument is out of range; the message names it */
  DSC_ENOMEM = 2,  /* an allocation failed */
  DSC_ESTATE = 3,  /* the call is not valid in the object's current state */
  DSC_ENUMERIC = 4 /* a numerical failure, e.g. a singular system in the closed-form solve */
} dsc_status;

#define DSC_ERROR_CAP 256

/* A caller-owned error message. Written only when a call fails; always NUL-terminated. */
typedef struct dsc_error {
  char message[DSC_ERROR_CAP];
} dsc_error;

/* Writes a printf-style message into err (if err is not NULL) and returns status. */
dsc_status dsc_error_set(dsc_error *err, dsc_status status, const char *fmt, ...);

/* ------------------------------------------------------------------------------------------------
 * Limits: the largest inputs the core accepts (web/lib/abi.js mirrors them; a Node test parses these
 * lines, so each stays `#define NAME integer-literal comment`)
 * ---------------------------------------------------------------------------------------------- */

#define DSC_MAX_ROWS 10000000 /* n, total rows (train + test) */
#define DSC_MAX_VALUES 50000000 /* n × columns of X: 200 MB of float32, what a browser tab can hold */
#define DSC_MAX_FEATURES 1024 /* d, columns of X after feature expansion */
#define DSC_MAX_DEGREE 12     /* polynomial feature degree */
#define DSC_MAX_BUDGET 1000000000 /* updates per run (max_iterations, or what max_epochs implies) */
#define DSC_MAX_HISTORY 1000000 /* history points of a run with an explicit record_every */
#define DSC_MAX_SCHEDULERS 4 /* schedulers of a sequential schedule (SequentialLR), >= 2 */
#define DSC_MAX_MILESTONES 16 /* milestones of a multistep schedule (MultiStepLR) */
#define DSC_MAX_HIDDEN_LAYERS 3 /* hidden layers of an MLP */
#define DSC_MAX_HIDDEN_UNITS 64 /* units per hidden layer of an MLP */
#define DSC_MAX_GRID 1024     /* points per axis of an evaluation grid (dsc_fn_grid) */
#define DSC_MAX_LBFGS_HISTORY 1000 /* history_size of an L-BFGS optimizer */

/* ------------------------------------------------------------------------------------------------
 * Randomness (core/src/rng.c): PCG32 (O'Neill, pcg-random.org, pcg32_random_r / pcg32_srandom_r)
 * ---------------------------------------------------------------------------------------------- */

typedef struct dsc_rng {
  uint64_t state; /* internal state */
  uint64_t inc;   /* stream selector, always odd */
} dsc_rng;

/* Independent streams derived from one experiment seed. */
typedef enum dsc_stream {
  DSC_STREAM_DATA = 1,    /* data generation and the train/test split */
  DSC_STREAM_INIT = 2,    /* initial parameters */
  DSC_STREAM_SHUFFLE = 3, /* mini-batch order, reshuffled every epoch */
  DSC_STREAM_TUNE = 4,    /* hyperparameter search and parameter refinement */
  DSC_STREAM_NOISE = 5    /* gradient noise of function models (dsc_model_config.noise) */
} dsc_stream;

/* pcg32_srandom_r(rng, initstate, initseq): the reference seeding, for known-answer tests. */
void dsc_rng_seed(dsc_rng *rng, uint64_t initstate, uint64_t initseq);
/* Seeds rng for one stream of an experiment: initstate = splitmix64(seed), initseq = stream. */
void dsc_rng_stream(dsc_rng *rng, uint64_t seed, dsc_stream stream);
/* Next 32 random bits (pcg32_random_r). */
uint32_t dsc_rng_u32(dsc_rng *rng);
/* Uniform double in [0, 1) with 53 random bits (two draws). */
double dsc_rng_uniform(dsc_rng *rng);
/* Unbiased integer in [0, bound), bound >= 1 (pcg32_boundedrand_r rejection). */
uint32_t dsc_rng_below(dsc_rng *rng, uint32_t bound);
/* Standard normal deviate by Box–Muller from two uniforms (no cached spare: state is just the rng). */
double dsc_rng_normal(dsc_rng *rng);
/* Fisher–Yates shuffle of idx[0..n) in place (idx is not initialised by this call). */
void dsc_rng_shuffle(dsc_rng *rng, uint32_t *idx, size_t n);

/* ------------------------------------------------------------------------------------------------
 * Data (core/src/data.c): generated or user-supplied, split into train/test, optionally standardised
 * ---------------------------------------------------------------------------------------------- */

typedef enum dsc_generator {
  DSC_GEN_LINEAR = 0,     /* x_j ~ U(0, scale_j); y = x·weights + bias + noise */
  DSC_GEN_POLYNOMIAL = 1, /* x ~ U(-1, 1); y = Σ_k coefficients[k] x^k + noise; features x..x^degree */
  DSC_GEN_SINE = 2,       /* x ~ U(-1, 1); y = sin(π·frequency·x) + noise; features x..x^degree */
  DSC_GEN_BLOBS = 3,      /* two Gaussian classes, means ±separation/2 along (1,1,..)/√d, std noise_level */
  /* Two-class 2-D data for networks (d = 2, labels 0/1, N(0, noise_level²) added to each coordinate;
     core/src/data.c gives the draws): */
  DSC_GEN_MOONS = 4,      /* two interleaved half circles (sklearn make_moons) */
  DSC_GEN_CIRCLES = 5,    /* a circle of radius 1 (class 0) around one of radius 0.5 (class 1) */
  DSC_GEN_XOR = 6,        /* x ~ U(−1, 1)²; class 1 when the coordinates' signs differ */
  DSC_GEN_SPIRAL = 7      /* two interleaved spirals of two turns each */
} dsc_generator;

typedef enum dsc_noise {
  DSC_NOISE_UNIFORM = 0, /* U(0, noise_level): the seed's np.random.rand, not centred */
  DSC_NOISE_GAUSSIAN = 1 /* N(0, noise_level²) */
} dsc_noise;

/* How to make a dataset. Arrays are borrowed for the duration of the call only. */
typedef struct dsc_data_config {
  int32_t generator;      /* dsc_generator */
  int32_t n;              /* total rows, 2..DSC_MAX_ROWS */
  int32_t d;              /* raw input features: linear 1..DSC_MAX_FEATURES, blobs 1..DSC_MAX_FEATURES,
                             polynomial/sine must be 1 (columns of X = degree), moons/circles/xor/spiral
                             must be 2 */
  int32_t noise;          /* dsc_noise */
  int32_t degree;         /* polynomial/sine: feature degree 1..DSC_MAX_DEGREE; ignored otherwise */
  int32_t standardize;    /* 0/1: scale columns of X to zero mean, unit variance (training statistics) */
  double noise_level;     /* >= 0 (moons/circles/xor/spiral: std of the Gaussian noise per coordinate) */
  double bias;            /* linear: true intercept */
  double test_fraction;   /* share of rows held out for test, [0, 0.9]; n_train must stay >= 1 */
  double frequency;       /* sine: > 0 */
  double separation;      /* blobs: distance between class means, >= 0 */
  const double *weights;  /* linear: d true weights, or NULL for all 3 (the seed's y = 3x) */
  const double *scales;   /* linear: d per-feature scales > 0, or NULL for all 1 */
  const double *coefficients; /* polynomial: n_coefficients values c_0..c_k (y = Σ c_k x^k), or NULL
                                 with n_coefficients 0 for the default [0.5, −1, 0, 2] */
  int32_t n_coefficients; /* polynomial: 1..DSC_MAX_DEGREE+1, or 0 with coefficients NULL */
} dsc_data_config;

/* A dataset after split and standardisation. Read-only once created; shared by all runs. */
typedef struct dsc_data dsc_data;

/* Sets every field to the default for generator, the same as the experiment schema's
   (web/lib/experiment.js, DATA): n 100 (blobs and the 2-D two-class sets 200), d 1 (blobs and the 2-D
   sets 2), degree 3 (sine 5), noise gaussian (linear uniform), noise_level 0.1 (linear and blobs 1,
   spiral 0.05), bias 0, test_fraction 0.2, frequency 1,
   separation 2, standardize 0, weights/scales/coefficients NULL (all 3, all 1, [0.5, −1, 0, 2]). The
   linear default is the seed experiment's y = 3x + U(0, 1) noise, with a test split. An out-of-range
   generator is stored as given (dsc_data_config_check rejects it) with the linear defaults. */
void dsc_data_config_default(dsc_data_config *cfg, dsc_generator generator);
/* DSC_OK when cfg is valid, else DSC_EINVAL with a message naming the field and allowed range. */
dsc_status dsc_data_config_check(const dsc_data_config *cfg, dsc_error *err);
/* Generates data from the DSC_STREAM_DATA stream of seed. Generated rows are i.i.d., so the first
   n_train rows are the training set and the rest the test set. */
dsc_status dsc_data_generate(const dsc_data_config *cfg, uint64_t seed, dsc_data **out, dsc_error *err);
/* The same generation in steps, so that a caller can stay responsive and stop it (a page's worker, a CLI
   progress bar). The result is dsc_data_generate's to the bit however the work is divided (that
   function runs these steps to the end): a step never splits a row, and standardisation's statistics
   and its scaling are passes over the rows like the generation itself.
     dsc_datagen_create    checks cfg as dsc_data_generate does and allocates the dataset; cfg and its
                           arrays are copied (borrowed for this call only)
     dsc_datagen_advance   touches about max_values (>= 1) values of X, at least one row; *done_out = 1
                           once the data are complete (then further calls do nothing; DSC_ESTATE once
                           dsc_datagen_finish took them)
     dsc_datagen_values / dsc_datagen_max_values   values touched so far / in all (progress): n·columns
                           to generate, plus 2·n_train·columns + n·columns with standardize
     dsc_datagen_finish    hands over the finished dataset (*out, the caller frees it); DSC_ESTATE before
                           it is done or once taken
     dsc_datagen_free      frees the generator and, unless it was handed over, the dataset */
typedef struct dsc_datagen dsc_datagen;
dsc_status dsc_datagen_create(const dsc_data_config *cfg, uint64_t seed, dsc_datagen **out,
                              dsc_error *err);
dsc_status dsc_datagen_advance(dsc_datagen *gen, int64_t max_values, int32_t *done_out,
                               dsc_error *err);
int64_t dsc_datagen_values(const dsc_datagen *gen);
int64_t dsc_datagen_max_values(const dsc_datagen *gen);
dsc_status dsc_datagen_finish(dsc_datagen *gen, dsc_data **out, dsc_error *err);
void dsc_datagen_free(dsc_datagen *gen);
/* User data: X is n×d row-major, y has n values. The test split is a random subset of
   round(n·test_fraction) rows chosen with the DSC_STREAM_DATA stream of seed; both splits keep the
   rows' original relative order (so test_fraction 0 keeps the data exactly as given). Values must be
   finite (the message names the first bad row and column, 0-based). */
dsc_status dsc_data_from_arrays(int32_t n, int32_t d, const float *X, const float *y,
                                double test_fraction, int32_t standardize, uint64_t seed,
                                dsc_data **out, dsc_error *err);
void dsc_data_free(dsc_data *data);

int32_t dsc_data_n_train(const dsc_data *data);
int32_t dsc_data_n_test(const dsc_data *data);
int32_t dsc_data_d(const dsc_data *data);            /* columns of X (features after expansion) */
const float *dsc_data_x_train(const dsc_data *data); /* n_train × d, row-major */
const float *dsc_data_y_train(const dsc_data *data); /* n_train */
const float *dsc_data_x_test(const dsc_data *data);  /* n_test × d (NULL when n_test == 0) */
const float *dsc_data_y_test(const dsc_data *data);  /* n_test */
/* Standardisation statistics (training set), d values each; mean 0 and scale 1 when not standardised. */
const double *dsc_data_feature_mean(const dsc_data *data);
const double *dsc_data_feature_scale(const dsc_data *data);
/* For 1-D generators (linear d=1, polynomial, sine): the raw x of each row before feature expansion
   and standardisation, for plotting; NULL otherwise. */
const float *dsc_data_raw_train(const dsc_data *data);
const float *dsc_data_raw_test(const dsc_data *data);

/* ------------------------------------------------------------------------------------------------
 * Kernels (core/src/kernels/): fused loss + gradient over a batch, one per ISA, same signature
 * ---------------------------------------------------------------------------------------------- */

#define DSC_BLOCK_ROWS 64 /* rows per float32 accumulation block before adding into double (a
                             multiple of 4: rows go in groups of 4) */

typedef enum dsc_loss {
  DSC_LOSS_MSE = 0,   /* (1/B) Σ r², r = x·w + b − y */
  DSC_LOSS_MAE = 1,   /* (1/B) Σ |r|; d/dr = sign(r), 0 at 0 (torch L1Loss) */
  DSC_LOSS_HUBER = 2, /* (1/B) Σ h(r), h = ½r² if |r| < δ else δ(|r| − ½δ) (torch HuberLoss) */
  DSC_LOSS_BCE = 3    /* (1/B) Σ softplus(z) − y·z, z = x·w + b (BCEWithLogits, stable form);
                         d/dz = σ(z) − y */
} dsc_loss;

/* Arguments of one fused pass. rows is the batch size; when idx is NULL the rows are X[0..rows),
   else X[idx[0..rows)]. */
typedef struct dsc_batch {
  const float *X;       /* n × d row-major */
  const float *y;       /* n */
  const uint32_t *idx;  /* rows of this batch, or NULL for the first `rows` rows */
  size_t rows;          /* batch size B >= 1 */
  size_t d;             /* features */
} dsc_batch;

/* One fused pass: adds Σ_i ℓ(r_i) to *loss_sum and, when grad_sum is not NULL, adds
   Σ_i ℓ'(r_i)·x_i to grad_sum[0..d) and Σ_i ℓ'(r_i) to grad_sum[d] (sums, not means).
   w has d float32 weights, b is the bias. delta is Huber's δ (> 0), ignored by other losses. */
typedef void (*dsc_lossgrad_fn)(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
                                float delta, double *loss_sum, double *grad_sum);

void dsc_f32_lossgrad__scalar(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
                              float delta, double *loss_sum, double *grad_sum);
#if DSC_HAVE_WASMSIMD /* set by CMake when the wasmsimd kernels are built (-DDSC_SIMD=ON under Emscripten) */
void dsc_f32_lossgrad__wasmsimd(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
                                float delta, double *loss_sum, double *grad_sum);
#endif
/* The kernel this build uses: the wasmsimd one when DSC_HAVE_WASMSIMD, else the scalar one. */
dsc_lossgrad_fn dsc_lossgrad_kernel(void);

/* Deterministic threads (core/src/parallel.c). A fused pass over a batch in data order (idx NULL)
   adds every block's float32 sums into the double outputs in block order (the kernels' contract
   above), so the blocks can be computed on any threads as long as their partials are added in that
   order: each block b = rows [64b, 64b + 64) is one kernel call into zeroed doubles, which hold its
   float32 sums exactly, and dsc_lossgrad_parallel adds them up in block order — the same bits as one
   kernel call over the whole batch. */
typedef struct dsc_lossgrad_job {
  dsc_lossgrad_fn kernel;  /* the build's kernel */
  dsc_batch batch;         /* the whole batch, idx NULL */
  const float *w;          /* d float32 weights */
  float b, delta;          /* bias; Huber's δ */
  dsc_loss loss;
  int32_t gradient;        /* 1: gradient sums too; 0: the loss only */
  double *partials;        /* blocks × (d + 2): per block Σℓ, then Σℓ'·x_j (j < d), then Σℓ' */
  int32_t blocks;          /* ⌈rows / DSC_BLOCK_ROWS⌉ */
} dsc_lossgrad_job;

/* Doubles of the partials a batch of `rows` rows and d features needs: blocks × (d + 2). */
size_t dsc_lossgrad_partials_len(size_t rows, size_t d);
/* Computes the partials of blocks [first, end) of job (any thread: it writes only their rows of
   job->partials, and touches no global state). */
void dsc_lossgrad_blocks(const dsc_lossgrad_job *job, int32_t first, int32_t end);
/* The kernel's pass over batch (idx NULL) through per-block partials (partials: at least
   dsc_lossgrad_partials_len doubles): in the threaded build (DSC_THREADS) the host's imported
   dsc_threads_blocks(job, blocks) computes the blocks on its threads, else this thread does; then the
   partials are added into *loss_sum and grad_sum (may be NULL) in block order. */
void dsc_lossgrad_parallel(dsc_lossgrad_fn kernel, const dsc_batch *batch, const float *w, float b,
                           dsc_loss loss, float delta, double *partials, double *loss_sum,
                           double *grad_sum);

/* ------------------------------------------------------------------------------------------------
 * Model (core/src/model.c): the objective of a flat parameter vector θ and its gradient, per kind
 *
 * Every model is a flat double vector θ in PyTorch's model.parameters() order (dsc_model_param_count
 * values): linear/logistic [w_0..w_{d−1}, b] (nn.Linear(d, 1): weight, then bias); function θ = (x, y);
 * mlp: for each layer, its weight [out × in] row-major, then its bias (core/src/mlp.c).
 * ---------------------------------------------------------------------------------------------- */

typedef enum dsc_model_kind {
  DSC_MODEL_LINEAR = 0,   /* prediction x·w + b; losses MSE, MAE, Huber */
  DSC_MODEL_LOGISTIC = 1, /* logit x·w + b, P(y=1) = σ(logit); loss BCE; targets must be 0 or 1 */
  DSC_MODEL_FUNCTION = 2, /* a 2-D test function f(x, y), θ = (x, y), no data (core/src/fn.c) */
  DSC_MODEL_MLP = 3       /* a multilayer perceptron with one output; loss MSE (regression) or BCE
                             (the output is a logit; targets 0 or 1) (core/src/mlp.c) */
} dsc_model_kind;

/* Test functions of θ = (x, y) (formulas and minima in core/src/fn.c). */
typedef enum dsc_function {
  DSC_FN_ROSENBROCK = 0,     /* (a − x)² + b·(y − x²)² */
  DSC_FN_HIMMELBLAU = 1,     /* (x² + y − 11)² + (x + y² − 7)² */
  DSC_FN_BEALE = 2,          /* (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)² */
  DSC_FN_QUADRATIC = 3,      /* ½(u² + κ·v²), (u, v) = (x, y) rotated by −angle */
  DSC_FN_SADDLE = 4,         /* x² − y² (unbounded below) */
  DSC_FN_SIX_HUMP_CAMEL = 5, /* (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y² */
  DSC_FN_RASTRIGIN = 6       /* 20 + x² − 10 cos 2πx + y² − 10 cos 2πy */
} dsc_function;

/* Hidden-unit activations of an MLP (torch.nn.Tanh, ReLU, Sigmoid). */
typedef enum dsc_activation {
  DSC_ACT_TANH = 0,   /* tanh(s) */
  DSC_ACT_RELU = 1,   /* max(s, 0); derivative 0 at s = 0 (torch) */
  DSC_ACT_SIGMOID = 2 /* 1/(1 + e^{−s}) */
} dsc_activation;

/* What is trained. Fields that the kind does not use are ignored (and keep their defaults). */
typedef struct dsc_model_config {
  int32_t kind;       /* dsc_model_kind */
  int32_t loss;       /* dsc_loss: linear → MSE/MAE/HUBER, logistic → BCE, mlp → MSE/BCE; function:
                         ignored */
  double delta;       /* Huber δ, > 0 */
  double l1;          /* linear/logistic: L1 penalty λ₁ Σ|w_j| on the weights (not the bias), >= 0;
                         must be 0 for the other kinds */
  double l2;          /* linear/logistic: L2 penalty λ₂ Σ w_j² on the weights, >= 0; 0 otherwise */
  int32_t function;   /* function: dsc_function */
  int32_t activation; /* mlp: dsc_activation */
  int32_t n_hidden;   /* mlp: hidden layers, 1..DSC_MAX_HIDDEN_LAYERS */
  int32_t hidden[DSC_MAX_HIDDEN_LAYERS]; /* mlp: units of hidden layer i < n_hidden,
                                            1..DSC_MAX_HIDDEN_UNITS */
  double a;           /* rosenbrock: a, finite (minimum at (a, a²)) */
  double b;           /* rosenbrock: b, finite, >= 0 */
  double condition;   /* quadratic: κ, the curvature ratio of v to u, > 0 and finite */
  double angle;       /* quadratic: rotation of the axes in degrees, finite */
  double noise;       /* function: σ >= 0; every gradient gets independent N(0, σ²) noise per
                         coordinate from the run's DSC_STREAM_NOISE stream (the objective does not);
                         must be 0 for the other kinds */
} dsc_model_config;

/* linear, MSE, δ = 1, no penalty; the other kinds' fields at the schema's defaults: rosenbrock with
   a = 1, b = 100, quadratic κ = 10 at 30°, noise 0; mlp: 2 hidden layers of 8 units (8, 8, 8), tanh. */
void dsc_model_config_default(dsc_model_config *cfg);
dsc_status dsc_model_config_check(const dsc_model_config *cfg, dsc_error *err);
/* Parameters of the model on d input features (d is ignored by function models, which have 2):
   linear/logistic d + 1, mlp Σ_layers (in·out + out). 0 when cfg is invalid or d is out of range
   (1..DSC_MAX_FEATURES). */
int32_t dsc_model_param_count(const dsc_model_config *cfg, int32_t d);

/* Objective on a whole split: (1/n) Σ ℓ_i + λ₁‖w‖₁ + λ₂‖w‖² (penalty: linear/logistic only); function
   models: f(θ), and X, y, n, d are ignored. Linear/logistic/mlp run the build's kernels (float32 rows,
   blocks added into double), so they are the very numbers the trainer's steps see. Returns NaN for an
   empty split (and mlp: when its scratch cannot be allocated). */
double dsc_model_objective(const dsc_model_config *model, const float *X, const float *y, size_t n,
                           size_t d, const double *params);
/* Data loss only (no penalty), as reported for the test set. NaN for an empty split; function: f(θ). */
double dsc_model_loss(const dsc_model_config *model, const float *X, const float *y, size_t n,
                      size_t d, const double *params);
/* The objective (returned, as dsc_model_objective) and its gradient: dsc_model_param_count values of
   the mean gradient over the split (penalty included) written to grad_out. Function models: the exact
   ∇f, without noise. NaN (grad_out untouched) for an empty split. */
double dsc_model_objective_grad(const dsc_model_config *model, const float *X, const float *y,
                                size_t n, size_t d, const double *params, double *grad_out);
/* The model's output on n rows of X (d features, any finite values): linear x·w + b; logistic
   σ(x·w + b); mlp the output unit (MSE) or its probability σ(z) (BCE). A network's z is computed in
   float32 in the kernels' order, a linear z in double (as dsc_model_metrics); σ in double.
   DSC_EINVAL for a function model or a bad argument. */
dsc_status dsc_model_predict(const dsc_model_config *model, const float *X, size_t n, size_t d,
                             const double *params, double *out, dsc_error *err);

/* DSC_OK when the model has an exact Hessian that dsc_model_hessian computes: linear with MSE,
   logistic with BCE (L2 penalty allowed, L1 not: |w| has none), and every test function; else
   DSC_EINVAL naming what lacks one (an mlp, MAE/Huber loss, an L1 penalty). */
dsc_status dsc_model_hessian_check(const dsc_model_config *model, dsc_error *err);
/* The Hessian of the objective on a split, in double, written row-major to hess_out (np × np):
   linear MSE (2/n) Σ z zᵀ, logistic BCE (1/n) Σ σ(1 − σ) z zᵀ (z = [x_i, 1], σ of the logit in
   double), plus 2λ₂ on the weights' diagonal; a function its closed-form 2 × 2 Hessian (fn.c). The
   model must pass dsc_model_hessian_check (not repeated here). */
void dsc_model_hessian(const dsc_model_config *model, const float *X, const float *y, size_t n, size_t d,
                       const double *params, double *hess_out);
/* A test function's closed-form Hessian at θ: hess[0..4) = [f_xx, f_xy, f_yx, f_yy]. */
void dsc_fn_hessian(const dsc_model_config *cfg, const double *theta, double *hess);

typedef struct dsc_metrics {
  double mse, rmse, mae, r2;   /* regression (linear model, mlp with MSE); NaN otherwise */
  double log_loss, accuracy;   /* classification (logistic model, mlp with BCE; threshold 0.5);
                                  NaN otherwise */
} dsc_metrics;

/* Metrics of params on a split (n may be 0: all NaN; function models: all NaN). */
void dsc_model_metrics(const dsc_model_config *model, const float *X, const float *y, size_t n,
                       size_t d, const double *params, dsc_metrics *out);

/* ------------------------------------------------------------------------------------------------
 * Test functions (core/src/fn.c): f(x, y) and its gradient in double precision
 * ---------------------------------------------------------------------------------------------- */

/* f(θ) of the function cfg->function with cfg's parameters (a, b, condition, angle; cfg->kind is not
   looked at, nothing is checked: the hot path's callers check the config once). NaN for an unknown
   function. */
double dsc_fn_value(const dsc_model_config *cfg, const double *theta);
/* f(θ), returned, and ∇f(θ) written to grad[0..2) (the closed-form derivatives, no noise). */
double dsc_fn_value_grad(const dsc_model_config *cfg, const double *theta, double *grad);
/* A global minimum: writes one minimiser to theta_out and returns f there; for a function with
   several global minima, the one fn.c lists first. Returns −inf (theta_out set to (0, 0), the saddle
   point) for a function unbounded below. */
double dsc_fn_minimum(const dsc_model_config *cfg, double *theta_out);
/* f on an nx × ny grid: out[j·nx + i] = f(x_i, y_j), x_i = x0 + (x1 − x0)·i/(nx − 1) (x0 when nx = 1),
   y_j likewise; nx, ny in 1..DSC_MAX_GRID, ends finite. For the page's landscape views. */
dsc_status dsc_fn_grid(const dsc_model_config *cfg, double x0, double x1, int32_t nx, double y0,
                       double y1, int32_t ny, double *out, dsc_error *err);

/* ------------------------------------------------------------------------------------------------
 * Multilayer perceptrons (core/src/mlp.c, kernels f32-mlp-*.c): forward and backward over a batch
 * ---------------------------------------------------------------------------------------------- */

/* Parameters of the network d → hidden[0] → … → hidden[n_hidden−1] → 1 (Σ in·out + out), 0 when the
   config is not a valid mlp or d is out of 1..DSC_MAX_FEATURES. */
int32_t dsc_mlp_param_count(const dsc_model_config *cfg, int32_t d);
/* Floats of scratch a kernel call needs for this network on d inputs (0 when invalid). */
size_t dsc_mlp_scratch_floats(const dsc_model_config *cfg, int32_t d);

/* One pass of the network over a batch (batch->d inputs): adds Σ_i ℓ_i to *loss_sum and, when grad_sum
   is not NULL, Σ_i ∂ℓ_i/∂θ to grad_sum[0..np) (sums, not means). params holds np float32 parameters
   in torch order; scratch holds dsc_mlp_scratch_floats floats (contents ignored). cfg is a valid mlp
   config (not checked here: the callers check it). Order of operations: f32-mlp-scalar.c. */
typedef void (*dsc_mlp_fn)(const dsc_model_config *cfg, const dsc_batch *batch, const float *params,
                           float *scratch, double *loss_sum, double *grad_sum);

void dsc_f32_mlp__scalar(const dsc_model_config *cfg, const dsc_batch *batch, const float *params,
                         float *scratch, double *loss_sum, double *grad_sum);
#if DSC_HAVE_WASMSIMD
void dsc_f32_mlp__wasmsimd(const dsc_model_config *cfg, const dsc_batch *batch, const float *params,
                           float *scratch, double *loss_sum, double *grad_sum);
#endif
/* The network kernel this build uses (as dsc_lossgrad_kernel). */
dsc_mlp_fn dsc_mlp_kernel(void);

/* ------------------------------------------------------------------------------------------------
 * Closed form (core/src/solve.c)
 * ---------------------------------------------------------------------------------------------- */

/* Cholesky factorisation of the SPD matrix A (n×n, row-major, double) in place (lower triangle L,
   A = L Lᵀ), then solves A x = b into x. DSC_ENUMERIC when A is not positive definite. */
dsc_status dsc_solve_cholesky(double *A, size_t n, const double *b, double *x, dsc_error *err);

/* Least squares with bias and optional ridge: minimises (1/n) Σ (x_i·w + b − y_i)² + l2 ‖w‖² over the
   training split (normal equations in double, Cholesky). params_out gets d + 1 values [w, b].
   DSC_ENUMERIC when the features are collinear and l2 == 0. */
dsc_status dsc_solve_least_squares(const dsc_data *data, double l2, double *params_out,
                                   dsc_error *err);

/* The same solve in steps, so that a caller can stay responsive and stop it (a page's worker, a CLI
   progress bar). The result is the same to the bit however the work is divided: a step never splits
   a row of the normal equations or of the factor.
     dsc_solver_create   checks data and l2 as dsc_solve_least_squares does; data must outlive it
     dsc_solver_advance  does about max_ops (>= 1) multiply-adds, at least one row; *done_out = 1 once
                         the parameters are ready; DSC_ENUMERIC when the features are collinear
     dsc_solver_ops / dsc_solver_max_ops   multiply-adds done so far / in all (progress)
     dsc_solver_params   the d + 1 parameters [w, b] once done, else NULL */
typedef struct dsc_solver dsc_solver;
dsc_status dsc_solver_create(const dsc_data *data, double l2, dsc_solver **out, dsc_error *err);
dsc_status dsc_solver_advance(dsc_solver *solver, int64_t max_ops, int32_t *done_out, dsc_error *err);
int64_t dsc_solver_ops(const dsc_solver *solver);
int64_t dsc_solver_max_ops(const dsc_solver *solver);
const double *dsc_solver_params(const dsc_solver *solver);
void dsc_solver_free(dsc_solver *solver);

/* ------------------------------------------------------------------------------------------------
 * Hessian diagnostics (core/src/hessian.c): curvature of the training objective, λmax, λmin
 * ---------------------------------------------------------------------------------------------- */

#define DSC_HESSIAN_JACOBI_MAX 64 /* parameters up to which the eigenvalues come from Jacobi (exact);
                                     beyond, power and inverse iteration */

/* The spectrum of the Hessian H of the training objective (penalty included) at one point. */
typedef struct dsc_hessian_info {
  double lambda_max;      /* largest eigenvalue of H; gradient descent is stable for lr < 2/λmax */
  double lambda_min;      /* smallest eigenvalue of H (0 when H is singular to working precision) */
  double std_lambda_max;  /* linear MSE: λmax of the same problem on standardised features (training
                             mean and standard deviation); NaN otherwise or with a constant feature */
  double std_lambda_min;  /* linear MSE: λmin of the standardised problem; NaN likewise */
  double objective;       /* the training objective at the point, in double */
  int32_t exact;          /* 1: every eigenvalue to rounding (Jacobi, m <= DSC_HESSIAN_JACOBI_MAX);
                             0: power / inverse iteration */
  int32_t converged;      /* 0 when an iterative method stopped at its cap (values are estimates) */
  int32_t newton_iterations; /* logistic at the minimiser: Newton steps taken; else 0 */
  int32_t pad_;           /* unused, keeps the size a multiple of 8 */
} dsc_hessian_info;

/* The Hessian of a linear model with MSE or a logistic model (BCE) on data's training split, and its
   extreme eigenvalues, computed in steps like dsc_solver (hessian.c gives the formulas):
     dsc_hessian_create   model: linear with MSE (H does not depend on θ; params may be NULL) or
                          logistic; params: the point (m = d + 1 values [w, b]), or NULL for the
                          logistic minimiser (Newton's method; not with an L1 penalty). data must
                          outlive it
     dsc_hessian_advance  does about max_ops (>= 1) multiply-adds, at least one unit; *done_out = 1
                          once the result is ready; DSC_ENUMERIC when the logistic objective has no
                          minimiser (separable classes)
     dsc_hessian_ops / dsc_hessian_max_ops   multiply-adds done so far / estimated in all (progress;
                          the estimate grows when an iterative method needs more)
     dsc_hessian_result   the spectrum once done, else NULL
     dsc_hessian_point    the m parameters it was taken at (the minimiser found) once done, else NULL */
typedef struct dsc_hessian dsc_hessian;
dsc_status dsc_hessian_create(const dsc_data *data, const dsc_model_config *model,
                              const double *params, dsc_hessian **out, dsc_error *err);
dsc_status dsc_hessian_advance(dsc_hessian *hessian, int64_t max_ops, int32_t *done_out,
                               dsc_error *err);
int64_t dsc_hessian_ops(const dsc_hessian *hessian);
int64_t dsc_hessian_max_ops(const dsc_hessian *hessian);
const dsc_hessian_info *dsc_hessian_result(const dsc_hessian *hessian);
const double *dsc_hessian_point(const dsc_hessian *hessian);
void dsc_hessian_free(dsc_hessian *hessian);

/* ------------------------------------------------------------------------------------------------
 * Optimizers (core/src/optim.c): torch.optim update rules over flat double slabs
 * ---------------------------------------------------------------------------------------------- */

typedef enum dsc_optim_kind {
  DSC_OPTIM_SGD = 0,     /* torch.optim.SGD: plain, momentum (dampening), Nesterov */
  DSC_OPTIM_ADAGRAD = 1, /* torch.optim.Adagrad */
  DSC_OPTIM_RMSPROP = 2, /* torch.optim.RMSprop: plain/centered, optional momentum */
  DSC_OPTIM_ADAM = 3,    /* torch.optim.Adam (+ amsgrad); weight_decay is L2 added to the gradient */
  DSC_OPTIM_ADAMW = 4,   /* torch.optim.AdamW (+ amsgrad); decoupled weight decay */
  DSC_OPTIM_NADAM = 5,   /* torch.optim.NAdam: Adam with Nesterov momentum and a momentum schedule */
  DSC_OPTIM_RADAM = 6,   /* torch.optim.RAdam: Adam with the variance rectification */
  DSC_OPTIM_ADADELTA = 7, /* torch.optim.Adadelta */
  DSC_OPTIM_ADAMAX = 8,  /* torch.optim.Adamax: Adam with the infinity norm */
  DSC_OPTIM_RPROP = 9,   /* torch.optim.Rprop: per-parameter step sizes from gradient signs */
  DSC_OPTIM_LBFGS = 10,  /* torch.optim.LBFGS: one step() evaluates the objective several times
                            (dsc_optim_step_closure); full batch only */
  DSC_OPTIM_NEWTON = 11  /* damped Newton θ ← θ − lr·(H + λI)⁻¹∇ (not in torch): models with an exact
                            Hessian (dsc_model_hessian), full batch only (dsc_optim_step_newton) */
} dsc_optim_kind;

/* L-BFGS line search (torch.optim.LBFGS line_search_fn). */
typedef enum dsc_line_search {
  DSC_LINE_SEARCH_NONE = 0,        /* None: a fixed step of lr (the first ever: min(1, 1/‖g‖₁)·lr) */
  DSC_LINE_SEARCH_STRONG_WOLFE = 1 /* "strong_wolfe": torch's _strong_wolfe (c1 1e-4, c2 0.9, 25
                                      evaluations at most) */
} dsc_line_search;

typedef struct dsc_optim_config {
  int32_t kind;     /* dsc_optim_kind */
  int32_t nesterov; /* SGD: 0/1; requires momentum > 0 and dampening == 0 */
  int32_t amsgrad;  /* Adam/AdamW: 0/1 */
  int32_t centered; /* RMSprop: 0/1 */
  int32_t max_iter; /* LBFGS: inner iterations per step(), >= 1 (torch default 20) */
  int32_t max_eval; /* LBFGS: evaluations per step() before it stops iterating, >= 1, or 0 for
                       ⌊max_iter·5/4⌋ (torch's None); a line search may overshoot it (see
                       dsc_optim_max_evals) */
  int32_t history_size; /* LBFGS: (s, y) pairs kept, 1..DSC_MAX_LBFGS_HISTORY (torch default 100) */
  int32_t line_search; /* LBFGS: dsc_line_search */
  double lr;        /* step size, > 0 (the schedule scales it); Rprop: the initial step size only;
                       LBFGS: the step tried (torch default 1); Newton: the step's scale (default 1) */
  double momentum;  /* SGD/RMSprop: [0, 1) */
  double dampening; /* SGD: [0, 1] */
  double weight_decay; /* >= 0; added to the gradient (AdamW: p *= 1 − lr·wd) for every parameter;
                          Rprop has none: must be 0 */
  double beta1;     /* Adam/AdamW/NAdam/RAdam/Adamax betas[0]: [0, 1) */
  double beta2;     /* Adam/AdamW/NAdam/RAdam/Adamax betas[1]: [0, 1) */
  double eps;       /* > 0; the denominators of every kind but SGD and Rprop */
  double alpha;     /* RMSprop smoothing constant, [0, 1] */
  double initial_accumulator_value; /* Adagrad: >= 0 */
  double lr_decay;  /* Adagrad: >= 0 */
  double momentum_decay; /* NAdam ψ: momentum schedule μ_t = β₁(1 − ½·0.96^(tψ)), >= 0 */
  double rho;       /* Adadelta: running-average coefficient, [0, 1] */
  double etaminus;  /* Rprop etas[0]: step-size factor after a sign change, (0, 1) */
  double etaplus;   /* Rprop etas[1]: step-size factor while the sign holds, > 1 */
  double step_size_min; /* Rprop step_sizes[0]: lower bound of a step size, >= 0 */
  double step_size_max; /* Rprop step_sizes[1]: upper bound, >= step_size_min */
  double tolerance_grad; /* LBFGS: step() stops when max|g| <= this, >= 0 (torch 1.13: 1e-7) */
  double tolerance_change; /* LBFGS: ... when a step or a loss change is below this, >= 0 (1e-9) */
  double damping;   /* Newton: λ >= 0 added to the Hessian's diagonal (default 0: the pure step) */
} dsc_optim_config;

/* Optimizer state: t (steps taken) and the moment arrays its kind needs, each n doubles. The arrays
   live in one allocation, slab, which the state owns (dsc_optim_free releases it); the moment pointers
   point into it and are NULL for arrays the kind does not use. Which torch state each array holds:
     buf   SGD/RMSprop momentum_buffer; Rprop prev (the last gradient, 0 after a sign change)
     m     Adam/AdamW/NAdam/RAdam/Adamax exp_avg; RMSprop grad_avg (centered); Adadelta acc_delta
     v     Adam/AdamW/NAdam/RAdam exp_avg_sq; Adamax exp_inf; RMSprop square_avg; Adagrad sum;
           Adadelta square_avg; Rprop step_size
     vmax  Adam/AdamW max_exp_avg_sq (amsgrad) */
typedef struct dsc_optim {
  dsc_optim_config cfg;
  size_t n;      /* parameters */
  int64_t t;     /* steps taken so far */
  double mu_product; /* NAdam: ∏_{i<=t} μ_i (1 before the first step) */
  double *slab;  /* owns buf | m | v | vmax (only those in use), or NULL when none is */
  double *buf;
  double *m;
  double *v;
  double *vmax;
  size_t slab_len;   /* doubles in slab (LBFGS, Newton: the state and scratch below live there too) */
  struct {           /* LBFGS (torch's state dict; arrays of n doubles, ring arrays in slab) */
    int64_t n_iter;  /* inner iterations over all steps (state['n_iter']) */
    int64_t func_evals; /* evaluations over all steps (state['func_evals']) */
    int32_t num_old; /* (s, y) pairs held, <= history_size */
    int32_t head;    /* ring index of the oldest pair */
    double t;        /* the last step length (state['t']) */
    double h_diag;   /* the initial inverse Hessian's scale (state['H_diag']) */
    double *d;       /* the last direction (state['d']) */
    double *prev_grad; /* state['prev_flat_grad'] */
    double *dirs, *stps; /* history_size × n rings: old_dirs (y), old_stps (s) */
    double *ro, *al; /* history_size each: 1/(yᵀs), the two-loop α */
    double *g, *x0, *g_new, *g_prev, *bg0, *bg1, *tmp_y, *tmp_s; /* scratch */
  } lb;
  double *hess;      /* Newton: n × n scratch (H, then its Cholesky factor), and n more for the step */
} dsc_optim;

/* torch 1.13 defaults per kind (SGD lr 1e-3; Adagrad lr 1e-2 eps 1e-10; RMSprop lr 1e-2 alpha 0.99
   eps 1e-8; Adam lr 1e-3 betas (0.9, 0.999) eps 1e-8; AdamW the same with weight_decay 1e-2; NAdam
   lr 2e-3 momentum_decay 4e-3; RAdam lr 1e-3; Adadelta lr 1 rho 0.9 eps 1e-6; Adamax lr 2e-3; Rprop
   lr 1e-2 etas (0.5, 1.2) step_sizes (1e-6, 50); betas (0.9, 0.999) and eps 1e-8 wherever they apply). */
void dsc_optim_config_default(dsc_optim_config *cfg, dsc_optim_kind kind);
dsc_status dsc_optim_config_check(const dsc_optim_config *cfg, dsc_error *err);
dsc_status dsc_optim_init(dsc_optim *opt, const dsc_optim_config *cfg, size_t n, dsc_error *err);
/* One update of params[0..n) with gradient grad (grad may be modified: weight decay is added in
   place) at learning rate lr (the schedule's current value, not cfg.lr). The step reads the other
   hyperparameters from opt->cfg each time, so a schedule that cycles momentum (OneCycleLR, CyclicLR)
   writes cfg.momentum or cfg.beta1 between steps, as torch writes the param group. Rprop reads lr on
   its first step only: its step sizes start there (torch fills state['step_size'] with the lr then). */
void dsc_optim_step(dsc_optim *opt, double *params, double *grad, double lr);
/* The objective an L-BFGS step evaluates: returns f at the params array given to
   dsc_optim_step_closure (in its current contents) and writes ∇f there to grad_out (n values). */
typedef double (*dsc_closure_fn)(void *ctx, double *grad_out);
/* One torch.optim.LBFGS.step() (opt->cfg.kind DSC_OPTIM_LBFGS) at lr, in torch 1.13's order of
   operations (core/src/lbfgs.c). loss and grad are the objective and gradient at params, already
   evaluated (torch's first closure() call); every further evaluation calls closure after writing the
   point into params. Returns the evaluations this step made, the given one included (torch's
   current_evals), 1..dsc_optim_max_evals. */
int32_t dsc_optim_step_closure(dsc_optim *opt, double *params, const double *grad, double loss, double lr,
                               dsc_closure_fn closure, void *ctx);
/* The most evaluations one step() of cfg can make: LBFGS without line search min(max_eval, max_iter);
   with strong_wolfe min(max_eval + 25, 1 + 26·max_iter) (a line search of up to 26 evaluations may
   start one below max_eval); every other kind 1. max_eval 0 counts as ⌊max_iter·5/4⌋. */
int64_t dsc_optim_max_evals(const dsc_optim_config *cfg);
/* One damped Newton step (opt->cfg.kind DSC_OPTIM_NEWTON): solves (H + λI)s = grad by Cholesky
   (dsc_solve_cholesky) and sets params ← params − lr·s. hess holds the n × n Hessian at params
   (row-major; overwritten). DSC_ENUMERIC, params untouched, when H + λI is not positive definite. */
dsc_status dsc_optim_step_newton(dsc_optim *opt, double *params, const double *grad, double *hess,
                                 double lr, dsc_error *err);
/* Copies the whole optimizer state (t, NAdam's mu_product and every moment array) from src to dst. They must match: same
   kind, same n and the same moment arrays in use (so the same momentum/centered/amsgrad choices), else
   DSC_EINVAL naming what differs, and dst is left unchanged. */
dsc_status dsc_optim_copy_state(dsc_optim *dst, const dsc_optim *src, dsc_error *err);
void dsc_optim_free(dsc_optim *opt);

/* ------------------------------------------------------------------------------------------------
 * Learning-rate schedules (core/src/sched.c): torch.optim.lr_scheduler semantics where names match
 * ---------------------------------------------------------------------------------------------- */

typedef enum dsc_sched_kind {
  DSC_SCHED_CONSTANT = 0,    /* lr */
  DSC_SCHED_EXPONENTIAL = 1, /* ExponentialLR: lr·γ^t (γ < 1 decays, γ > 1 grows) */
  DSC_SCHED_STEP = 2,        /* StepLR: lr·γ^⌊t/step_size⌋ */
  DSC_SCHED_COSINE = 3,      /* CosineAnnealingLR: η_min + (lr − η_min)(1 + cos(π t/T_max))/2 */
  DSC_SCHED_LINEAR = 4,      /* LinearLR (warm-up): lr·(s + (e − s)·min(t, T)/T), s/e start/end factor */
  DSC_SCHED_PLATEAU = 5,     /* ReduceLROnPlateau (mode min) on the step's mean batch objective */
  DSC_SCHED_BOLD_DRIVER = 6, /* grow by `increase` after an improving step; after a worsening one
                                shrink by `decrease` and undo the step */
  DSC_SCHED_ONE_CYCLE = 7,   /* OneCycleLR: max_lr/div_factor up to max_lr, then down to
                                max_lr/div_factor/final_div_factor (cos or linear phases) */
  DSC_SCHED_CYCLIC = 8,      /* CyclicLR: triangles between base_lr and max_lr (triangular,
                                triangular2, exp_range) */
  DSC_SCHED_COSINE_WARM_RESTARTS = 9, /* CosineAnnealingWarmRestarts (SGDR): cosine over T_i steps,
                                then restart; T_i = T_0·T_mult^k */
  DSC_SCHED_MULTISTEP = 10,  /* MultiStepLR: lr·γ^(milestones passed) */
  DSC_SCHED_POLYNOMIAL = 11, /* PolynomialLR: lr·(1 − min(t, T)/T)^power */
  DSC_SCHED_SEQUENTIAL = 12  /* SequentialLR: schedulers[k] from milestones[k−1] on, its own t
                                counted from there */
} dsc_sched_kind;

typedef enum dsc_sched_per {
  DSC_PER_EPOCH = 0,    /* the schedule steps after each epoch (torch's usual placement) */
  DSC_PER_ITERATION = 1 /* after each parameter update */
} dsc_sched_per;

typedef enum dsc_threshold_mode {
  DSC_THRESHOLD_REL = 0, /* improvement when a < best·(1 − threshold) */
  DSC_THRESHOLD_ABS = 1  /* improvement when a < best − threshold */
} dsc_threshold_mode;

typedef enum dsc_anneal {
  DSC_ANNEAL_COS = 0,   /* OneCycleLR anneal_strategy "cos": end + (start − end)/2·(1 + cos(π·pct)) */
  DSC_ANNEAL_LINEAR = 1 /* "linear": (end − start)·pct + start */
} dsc_anneal;

typedef enum dsc_cyclic_mode {
  DSC_CYCLIC_TRIANGULAR = 0,  /* CyclicLR mode "triangular": amplitude 1 */
  DSC_CYCLIC_TRIANGULAR2 = 1, /* "triangular2": amplitude 1/2^(cycle − 1) */
  DSC_CYCLIC_EXP_RANGE = 2    /* "exp_range": amplitude γ^t */
} dsc_cyclic_mode;

/* A schedule. "The run's length" below is the number of schedule periods the run's updates fall in:
   per iteration its updates, per epoch the epochs it starts (⌈updates/u⌉, u updates an epoch); a
   rate that anneals over that length reaches its end value just after the last update. */
typedef struct dsc_sched_config {
  int32_t kind;           /* dsc_sched_kind */
  int32_t per;            /* dsc_sched_per (a sequential's schedulers step with it: theirs is ignored) */
  int32_t step_size;      /* step: >= 1 */
  int32_t t_max;          /* cosine: >= 1, or 0 for the run's length (in a sequential: the steps until
                             the next milestone, or to the end of the run) */
  int32_t total_iters;    /* linear, polynomial: >= 1 */
  int32_t patience;       /* plateau: >= 0 */
  int32_t cooldown;       /* plateau: >= 0 */
  int32_t threshold_mode; /* plateau: dsc_threshold_mode */
  int32_t total_steps;    /* one_cycle: >= 1, or 0 for the run's length; the run may take at most this
                             many schedule steps (torch raises beyond) */
  int32_t anneal_strategy; /* one_cycle: dsc_anneal */
  int32_t three_phase;    /* one_cycle: 0/1 */
  int32_t cycle_momentum; /* one_cycle, cyclic: 0/1 (default 0, unlike torch's True): also cycle the
                             optimizer's momentum (SGD, RMSprop) or betas[0] (Adam family; one_cycle
                             only, as in torch 1.13) between base_momentum and max_momentum */
  int32_t mode;           /* cyclic: dsc_cyclic_mode */
  int32_t step_size_up;   /* cyclic: steps of the rising half, >= 1 */
  int32_t step_size_down; /* cyclic: steps of the falling half, >= 1, or 0 for step_size_up */
  int32_t t_0;            /* cosine_warm_restarts: steps of the first cycle, >= 1 (torch has no
                             default: 0 is refused) */
  int32_t t_mult;         /* cosine_warm_restarts: cycle growth factor, >= 1 */
  int32_t n_milestones;   /* multistep: 1..DSC_MAX_MILESTONES; sequential: n_schedulers − 1 */
  int32_t n_schedulers;   /* sequential: 2..DSC_MAX_SCHEDULERS */
  double gamma;           /* exponential/step/multistep: > 0; cyclic (exp_range): > 0 */
  double eta_min;         /* cosine, cosine_warm_restarts: >= 0 */
  double start_factor;    /* linear: (0, 1] */
  double end_factor;      /* linear: [0, 1] */
  double factor;          /* plateau: (0, 1) */
  double threshold;       /* plateau: >= 0; bold driver: >= 0, a rise of the objective within this
                             relative threshold over the best kept one is not a worsening (float32
                             evaluation noise; default 1e-5) */
  double min_lr;          /* plateau: >= 0 */
  double eps;             /* plateau: >= 0; changes smaller than eps are ignored */
  double increase;        /* bold driver: > 1 (default 1.05) */
  double decrease;        /* bold driver: (0, 1) (default 0.5) */
  double max_lr;          /* one_cycle: peak rate, > 0, or 0 for the optimizer's lr; cyclic: upper
                             rate, > 0 (torch has no default: 0 is refused) */
  double base_lr;         /* cyclic: lower rate, > 0, or 0 for the optimizer's lr */
  double pct_start;       /* one_cycle: share of the steps spent rising, [0, 1] */
  double div_factor;      /* one_cycle: initial rate = max_lr/div_factor, > 0 */
  double final_div_factor; /* one_cycle: final rate = initial rate/final_div_factor, > 0 */
  double base_momentum;   /* one_cycle, cyclic with cycle_momentum: [0, 1) */
  double max_momentum;    /* one_cycle, cyclic with cycle_momentum: (0, 1) */
  double power;           /* polynomial: >= 0 */
  const int32_t *milestones; /* multistep: n_milestones strictly increasing steps >= 1; sequential:
                             the steps at which schedulers[1..] start, strictly increasing, >= 1.
                             Borrowed for the dsc_sched_init call only */
  const struct dsc_sched_config *schedulers; /* sequential: n_schedulers configs of kind constant,
                             exponential, step, cosine, linear, cosine_warm_restarts, multistep or
                             polynomial (their own pointers may hold a multistep's milestones).
                             Borrowed for the dsc_sched_init call only */
} dsc_sched_config;

/* One closed-form piece of a schedule: the schedule itself, or one of a sequential's schedulers. */
typedef struct dsc_sched_part {
  dsc_sched_config cfg;   /* a copy: t_max and total_steps resolved, max_lr and base_lr resolved to
                             rates, pointers cleared (the milestones are copied below) */
  int32_t milestones[DSC_MAX_MILESTONES]; /* multistep: cfg.n_milestones steps */
  int64_t start;          /* the schedule step at which this part starts (its own t is 0 there) */
} dsc_sched_part;

typedef struct dsc_sched {
  dsc_sched_config cfg;    /* copied at init, pointers cleared */
  double base_lr;          /* the optimizer's lr */
  double lr;               /* the rate the next update uses */
  double momentum;         /* the momentum (or betas[0]) the next update uses when cycle_momentum,
                              else NaN */
  int64_t t;               /* schedule steps taken */
  double best;             /* plateau: best metric so far (+inf at start) */
  int32_t num_bad;         /* plateau: steps without improvement */
  int32_t cooldown_left;   /* plateau */
  int32_t n_parts;         /* sequential: n_schedulers; every other kind: 1 */
  dsc_sched_part part[DSC_MAX_SCHEDULERS];
} dsc_sched;

/* torch 1.13 defaults where torch has them: gamma 0.1 (step, multistep) / 0.95 (exponential, where
   torch has none) / 1 (cyclic), step_size 10, start_factor 1/3, end_factor 1, total_iters 5, power 1,
   factor 0.1, patience 10, threshold 1e-4 rel (bold driver 1e-5), cooldown 0, min_lr 0, eps 1e-8,
   increase 1.05, decrease 0.5, pct_start 0.3, anneal_strategy cos, div_factor 25, final_div_factor
   1e4, three_phase 0, mode triangular, step_size_up 2000, t_mult 1, base_momentum 0.85 (one_cycle) /
   0.8 (cyclic), max_momentum 0.95 / 0.9. Where torch requires a value descent defaults to the run:
   t_max 0 and total_steps 0 (the run's length), max_lr 0 for one_cycle and base_lr 0 (the optimizer's
   lr); cyclic max_lr, t_0 and the milestones have no default (0 and NULL, which the check refuses).
   cycle_momentum 0 (torch: True, which writes momentum into the optimizer unasked). A sequential's
   default is none either: n_schedulers 0. */
void dsc_sched_config_default(dsc_sched_config *cfg, dsc_sched_kind kind);
/* DSC_OK when cfg is valid, else DSC_EINVAL with a message naming the field (a sequential's
   scheduler's as "schedulers[k].field"). */
dsc_status dsc_sched_config_check(const dsc_sched_config *cfg, dsc_error *err);
/* Checks cfg, copies it (and the arrays it points to) into s and resolves its defaults for a run of
   `steps` schedule periods (the run's length, >= 1) with the optimizer's lr base_lr (> 0). Also
   refuses a one_cycle whose phases would divide by zero (torch raises ZeroDivisionError there). */
dsc_status dsc_sched_init(dsc_sched *s, const dsc_sched_config *cfg, double base_lr, int64_t steps,
                          dsc_error *err);
/* The learning rate the next update uses. */
double dsc_sched_lr(const dsc_sched *s);
/* The momentum (SGD, RMSprop) or betas[0] (Adam family) the next update uses when the schedule
   cycles it (cycle_momentum), else NaN. */
double dsc_sched_momentum(const dsc_sched *s);
/* Advances one schedule step. metric is the step's mean batch objective (used by plateau; ignored by
   the others; bold driver is handled by the trainer, which calls dsc_sched_bold with the outcome). */
void dsc_sched_step(dsc_sched *s, double metric);
/* Bold driver outcome: improved != 0 multiplies lr by increase, else by decrease. */
void dsc_sched_bold(dsc_sched *s, int improved);

/* ------------------------------------------------------------------------------------------------
 * Training runs (core/src/train.c): chunked training loop with history
 * ---------------------------------------------------------------------------------------------- */

typedef enum dsc_run_status {
  DSC_RUN_RUNNING = 0,        /* more updates to do */
  DSC_RUN_COMPLETED = 1,      /* reached max_iterations or max_epochs */
  DSC_RUN_TARGET_REACHED = 2, /* training objective <= target_loss */
  DSC_RUN_CONVERGED = 3,      /* relative improvement between evaluations < tolerance, or none at all
                                 (an objective that reaches exactly 0 and stays there converges) */
  DSC_RUN_DIVERGED = 4,       /* non-finite parameters or objective, objective > diverge_factor × |initial|,
                                 or objective < −diverge_factor × max(|initial|, 1) (a function
                                 unbounded below) */
  DSC_RUN_FAILED = 5,         /* Newton: H + λI was not positive definite at the state
                                 dsc_run_diverged_at names; that state is the final one (raise
                                 damping) */
  DSC_RUN_DIVERGING = 6       /* reached the budget (as COMPLETED) with the training objective of the
                                 last history point above that of point 0 and above that of the point
                                 before it: above where it started and still rising */
} dsc_run_status;
/* When the stopping checks run: full batch, on every state before its update (the pass computes the
   training objective anyway) and on the last state; mini-batches, at every recorded point (point 0
   included), and divergence also on every batch objective — plus non-finite parameters after any
   update. Order: diverged, target, converged.
   core/src/train.c's header comment gives the loop step by step. */

typedef struct dsc_train_config {
  int32_t batch_size;     /* 0 = full batch (n_train), else 1..n_train; the last batch of an epoch may
                             be smaller (drop_last = False) */
  int32_t shuffle;        /* 0/1: reshuffle the row order every epoch (DSC_STREAM_SHUFFLE); 0 keeps
                             the data order. Full batch ignores it */
  int32_t record_every;   /* record a history point every k updates, k >= 1; 0 = automatic: as
                             many points (2..500) as fit in 10% of the training work, or in 2.5e7
                             evaluated values in all when that is more (tiny data), k = ⌈budget /
                             points⌉. Explicit k must keep the history <= DSC_MAX_HISTORY points. The
                             first and the last state are always recorded */
  int32_t pad_;           /* unused, keeps the doubles 8-aligned for JavaScript views */
  double max_iterations;  /* stop after this many updates (integer >= 1, <= DSC_MAX_BUDGET), or 0 for
                             no limit */
  double max_epochs;      /* stop after this many epochs (> 0), or 0 for no limit; at least one of
                             max_iterations and max_epochs is set. The run stops at the first update
                             after which epoch >= max_epochs (an epoch is ⌈n_train/B⌉ updates, the
                             last one possibly smaller); with both set the smaller budget applies */
  double target_loss;     /* stop when the training objective <= this; -inf (or NaN) disables */
  double tolerance;       /* stop when |Δobjective| / |objective| < tolerance between two consecutive
                             evaluations, or when they are equal (so also at an objective of exactly
                             0, where the ratio is 0/0); 0 disables */
  double diverge_factor;  /* diverged when the objective > diverge_factor × |initial objective| or
                             < −diverge_factor × max(|initial|, 1); > 1 (default 1e6) */
} dsc_train_config;

void dsc_train_config_default(dsc_train_config *cfg); /* full batch, shuffle, auto record,
                                                          1000 iterations, diverge_factor 1e6 */
dsc_status dsc_train_config_check(const dsc_train_config *cfg, int32_t n_train, dsc_error *err);

/* History columns, each a double array of dsc_run_history_len() values. Point 0 is the initial state;
   a point at iteration i is the state after i updates and carries the learning rate the next update
   uses. Param0/param1 are recorded only when the model has at most 2 parameters (else NaN). */
typedef enum dsc_history_column {
  DSC_HIST_ITERATION = 0,  /* updates applied */
  DSC_HIST_EPOCH = 1,      /* samples / n_train (fractional) */
  DSC_HIST_SAMPLES = 2,    /* rows whose gradient was evaluated */
  DSC_HIST_LR = 3,         /* learning rate of the next update */
  DSC_HIST_TRAIN_LOSS = 4, /* training objective on the whole training split (penalty included);
                              function models: f(θ) */
  DSC_HIST_TEST_LOSS = 5,  /* data loss on the test split (NaN without a test split, and for
                              function models) */
  DSC_HIST_PARAM0 = 6,     /* θ_0 (w_0; a function's x) when the model has <= 2 parameters */
  DSC_HIST_PARAM1 = 7,     /* θ_1 (b; a function's y) when the model has <= 2 parameters */
  DSC_HIST_COLUMNS = 8
} dsc_history_column;

typedef struct dsc_run dsc_run;

/* Creates a run over data (borrowed: it must outlive the run). init has dsc_model_param_count
   initial parameters (linear/logistic [w, b]). A function model takes no data: data must be NULL, and
   the run counts one "row" per evaluation (n_train 1, no test split: an epoch is an update, the batch
   is full). The shuffle stream (and a function model's noise stream) is derived from seed, so every run
   of an experiment sees the same order sequence (and noise). Configs are copied. */
dsc_status dsc_run_create(const dsc_data *data, const dsc_model_config *model,
                          const dsc_optim_config *optim, const dsc_sched_config *sched,
                          const dsc_train_config *train, const double *init, uint64_t seed,
                          dsc_run **out, dsc_error *err);
/* Applies up to max_updates updates (>= 1), stopping early when the run ends. Writes the run status
   to *status_out. Records point 0 on the first call. Calling after the run ended is DSC_ESTATE. */
dsc_status dsc_run_advance(dsc_run *run, int64_t max_updates, int32_t *status_out, dsc_error *err);
void dsc_run_free(dsc_run *run);
/* Full-batch linear and logistic runs: compute every pass through dsc_lossgrad_parallel (on the
   host's threads in the threaded build; same bits as the plain kernel call). Other runs ignore it.
   Allocates the partials (DSC_ENOMEM when it cannot). */
dsc_status dsc_run_set_threaded(dsc_run *run, dsc_error *err);

int32_t dsc_run_status_of(const dsc_run *run);     /* dsc_run_status */
int64_t dsc_run_iteration(const dsc_run *run);     /* updates applied */
double dsc_run_epoch(const dsc_run *run);          /* samples / n_train */
int64_t dsc_run_diverged_at(const dsc_run *run);   /* iteration of the bad state (diverged, or failed),
                                                      or -1 */
int64_t dsc_run_max_iterations(const dsc_run *run); /* the update budget implied by the config */
/* Rows whose gradient was evaluated so far: Σ of the batch sizes of the updates applied (the
   history's DSC_HIST_SAMPLES of the current state). An L-BFGS update counts every evaluation its
   step() made: evaluations × n_train (so its epoch column counts evaluations). */
int64_t dsc_run_samples(const dsc_run *run);
/* The samples the whole update budget implies, samples(dsc_run_max_iterations) with
   samples(k) = ⌊k/u⌋·n_train + (k mod u)·B, u = ⌈n_train/B⌉, times dsc_optim_max_evals (1 but for
   L-BFGS): what dsc_run_samples reaches at most when the run ends COMPLETED (L-BFGS: an upper bound;
   less when a stopping check ends it early). */
int64_t dsc_run_max_samples(const dsc_run *run);
int32_t dsc_run_record_every(const dsc_run *run);  /* the k in use (resolved when automatic) */
const double *dsc_run_params(const dsc_run *run);  /* the np current parameters θ (torch order) */
size_t dsc_run_history_len(const dsc_run *run);
const double *dsc_run_history(const dsc_run *run, dsc_history_column column);

/* The running estimate of a mini-batch run: the training objective evaluated on every whole training
   split would cost more than the training itself when n is large and B small, so the history is
   sparse there; the estimate is dense instead. Every est_every updates (est_every = ⌈budget /
   DSC_ESTIMATE_POINTS⌉), and when the run ends, a point records the mean of the batch objectives of the
   updates since the previous point, weighted by batch size — each batch objective taken on the state
   before its update, as a training log's running loss is. Full-batch runs, and mini-batch runs whose
   history is at least as dense (record_every <= est_every), keep no estimate (length 0). */
#define DSC_ESTIMATE_POINTS 500
typedef enum dsc_estimate_column {
  DSC_EST_ITERATION = 0,   /* updates applied at the point */
  DSC_EST_SAMPLES = 1,     /* rows whose gradient was evaluated by then */
  DSC_EST_BATCH_LOSS = 2,  /* mean batch objective of the updates since the previous point */
  DSC_EST_COLUMNS = 3
} dsc_estimate_column;
int32_t dsc_run_estimate_every(const dsc_run *run); /* est_every, or 0 when the run keeps none */
size_t dsc_run_estimate_len(const dsc_run *run);
const double *dsc_run_estimate(const dsc_run *run, dsc_estimate_column column);

/* ------------------------------------------------------------------------------------------------
 * Diagnostics (core/src/diag.c)
 * ---------------------------------------------------------------------------------------------- */

/* Bytes currently allocated from the heap (mallinfo's uordblks): tests use it to show that
   create/free cycles do not leak. Exact in WebAssembly (dlmalloc); natively glibc's per-thread cache
   counts recently freed blocks as in use, so native tests warm up before taking a baseline. */
size_t dsc_heap_used(void);

#ifdef __cplusplus
}
#endif

#endif /* DESCENT_H */
