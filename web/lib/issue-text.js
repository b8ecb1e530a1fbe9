// issue-text.js — the words of every validation issue, in English and Simplified Chinese, by code.
//
// schema.js and the tables' checks (experiment.js, tune-schema.js, view-options.js) report an issue as
// a code and its vars; the issue's `message` is the English template filled with them (what the CLI,
// the Node API and ExperimentError.message say), and the page renders the same code in its own
// language (issueText in web/document.js). A var is a value shown as it is (numbers, a field's name,
// an input quoted by show()), a phrase {code, vars} rendered in the same language (what a field
// accepts, a note, a count with its noun), {or: [...]} (a, b or c) or an array (a, b, c).
// Placeholders are {name}; no sentence is glued from fragments of another language. This file lives in
// lib/ because the Node library ships without the page's strings/ folder.
// tests/node/issue-codes.test.js drives the readers with bad input and checks that every issue has a
// code whose two templates use the same placeholders as its vars.

/** Code → {en, zh}. Codes `expect.*`, `note.*`, `noun.*`, `count.*` are phrases inside other messages. */
export const ISSUE_TEXT = Object.freeze({
  // ---- schema.js: what the walker reports --------------------------------------------------------
  invalid: { en: 'must be {expected}, got {got}', zh: '应为 {expected}，实际为 {got}' },
  missing: { en: 'missing; must be {expected}', zh: '缺少此项；应为 {expected}' },
  moreProblems: { en: '{count} more problems not listed', zh: '另有 {count} 个问题未列出' },
  unknownField: { en: 'unknown field (allowed: {allowed})', zh: '未知字段（允许：{allowed}）' },
  unknownFieldFor: { en: 'unknown field for {what} {value} (allowed: {allowed})', zh: '{what} {value} 没有这个字段（允许：{allowed}）' },
  noOtherField: { en: 'no other field', zh: '没有其他字段' },
  controlChar: { en: 'must not contain control characters ({char} at index {index}), got {got}', zh: '不能包含控制字符（位置 {index} 处的 {char}），实际为 {got}' },
  invisibleChar: { en: 'must not contain invisible or text-direction characters ({char} at index {index}), got {got}', zh: '不能包含不可见字符或文字方向控制字符（位置 {index} 处的 {char}），实际为 {got}' },
  valueCount: { en: 'must have {min}..{max} values, got {got}', zh: '应有 {min}..{max} 个值，实际为 {got} 个' },
  itemCount: { en: 'must have {min}..{max} {noun}, got {got}', zh: '应有 {min}..{max} 个{noun}，实际为 {got} 个' },
  length: { en: 'must have {n} values, got {got}', zh: '应有 {n} 个值，实际为 {got} 个' },
  lengthOne: { en: 'must have 1 value, got {got}', zh: '应有 1 个值，实际为 {got} 个' },
  lengthNote: { en: 'must have {n} values ({note}), got {got}', zh: '应有 {n} 个值（{note}），实际为 {got} 个' },
  lengthOneNote: { en: 'must have 1 value ({note}), got {got}', zh: '应有 1 个值（{note}），实际为 {got} 个' },
  rowCount: { en: 'must have {min}..{max} rows, got {got}', zh: '应有 {min}..{max} 行，实际为 {got} 行' },
  valueTotal: { en: 'must have at most {max} values in total, got {rows} rows × {cols}', zh: '总共最多 {max} 个值，实际为 {rows} 行 × {cols}' },
  rowLength: { en: 'must have {n} values (like row {first}), got {got}', zh: '应有 {n} 个值（与第 {first} 行相同），实际为 {got} 个' },
  rowLengthOne: { en: 'must have 1 value (like row {first}), got {got}', zh: '应有 1 个值（与第 {first} 行相同），实际为 {got} 个' },

  // ---- the page's form: a box left empty (document.js emptyBox) --------------------------------------
  required: { en: 'required: {expected}', zh: '必填：{expected}' },
  requiredEmpty: { en: 'required (the box is empty): {problem}', zh: '必填（输入框为空）：{problem}' },

  // ---- what a field accepts (schema.js describe) ----------------------------------------------------
  'expect.intMin': { en: 'an integer >= {min}', zh: '>= {min} 的整数' },
  'expect.intRange': { en: 'an integer in {min}..{max}', zh: '{min}..{max} 之间的整数' },
  'expect.finite': { en: 'a finite number', zh: '有限的数' },
  'expect.numberBound': { en: 'a number {op} {bound}', zh: '{op} {bound} 的数' },
  'expect.numberIn': { en: 'a number in {l}{lo}, {hi}{r}', zh: '区间 {l}{lo}, {hi}{r} 内的数' },
  'expect.limit': { en: '{expected} and <= {limit}', zh: '{expected}，且 <= {limit}' },
  'expect.float32': { en: '{expected} within float32 range (|v| <= {max})', zh: '{expected}，且在 float32 范围内（|v| <= {max}）' },
  'expect.boolean': { en: 'true or false', zh: 'true 或 false' },
  'expect.string': { en: 'a string of {min}..{max} characters', zh: '长度为 {min}..{max} 个字符的字符串' },
  'expect.numbers': { en: 'an array of {count} numbers', zh: '含 {count} 个数的数组' },
  'expect.numbersFrom': { en: 'an array of {min}..any numbers', zh: '含至少 {min} 个数的数组' },
  'expect.rows': { en: 'an array of 2..{maxRows} rows, each an array of 1..{maxCols} numbers', zh: '含 2..{maxRows} 行的数组，每行是含 1..{maxCols} 个数的数组' },
  'expect.array': { en: 'an array of {min}..{max} {noun}', zh: '含 {min}..{max} 个{noun}的数组' },
  'expect.object': { en: 'an object', zh: '一个对象' },
  'expect.objectShape': { en: 'an object {shape}', zh: '形如 {shape} 的对象' },
  'expect.dimensionRange': { en: 'a list of 1..{max} values or a range {shape}', zh: '含 1..{max} 个值的列表，或范围 {shape}' },
  'expect.dimensionList': { en: 'a list of 1..{max} values from {values}', zh: '含 1..{max} 个值的列表，取值为 {values}' },
  'expect.orNull': { en: '{expected} or null', zh: '{expected}，或 null' },
  'expect.note': { en: '{expected} ({note})', zh: '{expected}（{note}）' },

  // ---- notes of the tables' specs --------------------------------------------------------------------
  'note.trainingSetSize': { en: 'the training-set size', zh: '训练集的大小' },
  'note.lossFor': { en: 'what model.kind {kind} allows', zh: 'model.kind {kind} 所允许的' },
  'note.runIndex': { en: 'an index into runs', zh: 'runs 中的索引' },
  'note.version': { en: 'this version of descent', zh: '本版本的 descent' },
  'note.perFeature': { en: 'one per feature, data.d', zh: '每个特征一个，data.d' },
  'note.perRow': { en: 'one per row of X', zh: 'X 的每行一个' },
  'note.fewerThanSchedulers': { en: 'one fewer than schedulers', zh: '比 schedulers 少一个' },
  'note.perModelFeature': { en: 'one per model feature', zh: '每个模型特征一个' },
  'note.paramsFunction': { en: 'θ = (x, y)', zh: 'θ = (x, y)' },
  'note.paramsMlp': { en: 'the network\'s parameters in torch order: each layer\'s weight [out × in], then its bias', zh: '网络的参数，按 torch 的顺序：每层的权重 [out × in]，然后是它的偏置' },
  'note.paramsLinear': { en: 'the weights, then the bias', zh: '先权重，后偏置' },
  'noun.runs': { en: 'runs', zh: '运行' },
  'noun.schedulers': { en: 'schedulers', zh: '调度' },
  'noun.controlNames': { en: 'control names', zh: '控件名' },
  'noun.chartIds': { en: 'chart ids', zh: '图表 id' },
  'count.trainingRow.one': { en: '{n} training row', zh: '{n} 个训练行' },
  'count.trainingRow.other': { en: '{n} training rows', zh: '{n} 个训练行' },
  'count.row.one': { en: '{n} row', zh: '{n} 行' },
  'count.row.other': { en: '{n} rows', zh: '{n} 行' },
  'count.trial.one': { en: '{n} trial', zh: '{n} 次试验' },
  'count.trial.other': { en: '{n} trials', zh: '{n} 次试验' },

  // ---- experiment.js: rules across fields ----------------------------------------------------------
  dataTooLarge: { en: '{rows} rows × {cols} features = {values} values, more than the {max} this version handles', zh: '{rows} 行 × {cols} 个特征 = {values} 个值，超过了本版本能处理的 {max} 个' },
  noTrainingRows: { en: 'leaves no training rows ({nTest} of {n} rows held out for test; at least 1 must train), got {got}', zh: '没有留下训练行（{n} 行中有 {nTest} 行留作测试；至少要有 1 行用于训练），实际为 {got}' },
  scaleTooLarge: { en: 'must be <= {max} (features x_j ~ U(0, scales[j]) beyond ±{max}: squared errors would overflow float32, in which the kernels sum them), got {got}', zh: '应 <= {max}（特征 x_j ~ U(0, scales[j]) 超出 ±{max}：误差的平方会让 float32 溢出，而内核正是以 float32 求和），实际为 {got}' },
  targetsTooLargeLinear: { en: 'targets reach about {bound} (Σ|weights[j]|·scales[j] + |bias| + noise, from data.weights, data.scales, data.bias and data.noiseLevel), beyond ±{max}: squared errors would overflow float32, in which the kernels sum them; make them smaller', zh: '目标值可达约 {bound}（Σ|weights[j]|·scales[j] + |bias| + 噪声，来自 data.weights、data.scales、data.bias 和 data.noiseLevel），超出 ±{max}：误差的平方会让 float32 溢出，而内核正是以 float32 求和；请把它们调小' },
  targetsTooLargePolynomial: { en: 'targets reach about {bound} (Σ|coefficients[k]| + noise for x in [−1, 1]), beyond ±{max}: squared errors would overflow float32, in which the kernels sum them; make them smaller', zh: '目标值可达约 {bound}（x 在 [−1, 1] 内时为 Σ|coefficients[k]| + 噪声），超出 ±{max}：误差的平方会让 float32 溢出，而内核正是以 float32 求和；请把它们调小' },
  initNeedsParams: { en: 'must have params (the flat vector of the {kind} model), got {got}', zh: '应有 params（{kind} 模型的扁平参数向量），实际为 {got}' },
  initNeedsParamsOrWeights: { en: 'must have params (the flat vector) or weights and bias, got {got}', zh: '应有 params（扁平参数向量）或 weights 和 bias，实际为 {got}' },
  initBoth: { en: 'give params (every parameter) or weights and bias, not both', zh: '请给出 params（全部参数）或 weights 和 bias，不要两者都给' },
  initWeightsFlat: { en: 'apply to linear and logistic models; give the {kind} model\'s parameters as {params: [{count} numbers]}', zh: '只适用于线性和逻辑回归模型；请以 {params: [{count} 个数]} 的形式给出 {kind} 模型的参数' },
  batchFunction: { en: 'must be "full" for a function model (no data: every update evaluates f once), got {got}', zh: '测试函数模型必须为 "full"（没有数据：每次更新只计算一次 f），实际为 {got}' },
  uniformFunction: { en: 'must be "zeros" or {params: [x, y]} for a function model ("uniform" is torch\'s layer initialisation), got "uniform"', zh: '测试函数模型必须为 "zeros" 或 {params: [x, y]}（"uniform" 是 torch 对网络层的初始化），实际为 "uniform"' },
  batchSecondOrder: { en: 'must be "full" for optimizer {kind} ({name} is full batch only), got {got}', zh: '优化器 {kind} 必须为 "full"（{name} 只支持全批量），实际为 {got}' },
  lbfgsEpochs: { en: 'must be null for optimizer "lbfgs": its budget is counted in iterations (one step() each, which evaluates the objective several times); set iterations, got {got}', zh: '优化器 "lbfgs" 必须为 null：它的预算以迭代次数计（每次一个 step()，会多次评估目标）；请设置 iterations，实际为 {got}' },
  newtonMlp: { en: 'cannot be "newton" for model.kind "mlp": Newton needs an exact Hessian (linear with mse, logistic, or a function)', zh: 'model.kind 为 "mlp" 时不能是 "newton"：牛顿法需要精确的 Hessian（使用 mse 的线性模型、逻辑回归或测试函数）' },
  newtonLoss: { en: 'cannot be "newton" with model.loss {loss}: Newton needs an exact Hessian (linear with mse, logistic, or a function)', zh: 'model.loss 为 {loss} 时不能是 "newton"：牛顿法需要精确的 Hessian（使用 mse 的线性模型、逻辑回归或测试函数）' },
  newtonL1: { en: 'cannot be "newton" with model.penalty.l1 {l1}: |w| has no Hessian at 0 (use l2)', zh: 'model.penalty.l1 为 {l1} 时不能是 "newton"：|w| 在 0 处没有 Hessian（请用 l2）' },
  cycleMomentum: { en: 'needs an optimizer with momentum ({kinds}; torch raises ValueError), got optimizer {got}', zh: '需要带 momentum 的优化器（{kinds}；否则 torch 抛出 ValueError），实际优化器为 {got}' },
  cycleMomentumBetas: { en: 'needs an optimizer with momentum or betas ({kinds}; torch raises ValueError), got optimizer {got}', zh: '需要带 momentum 或 betas 的优化器（{kinds}；否则 torch 抛出 ValueError），实际优化器为 {got}' },
  totalSteps: { en: 'must be >= the {taken} schedule steps the run takes (per {per}); OneCycleLR raises beyond total_steps. Use null for the run\'s length, got {got}', zh: '应 >= 运行所走的 {taken} 个调度步（per {per}）；超出 total_steps 时 OneCycleLR 会报错。用 null 表示运行的长度，实际为 {got}' },
  emptyPhaseRun: { en: '{pct} with the run\'s length of {steps} steps gives phase {phase} no steps (OneCycleLR would divide by zero); change pct_start or total_steps', zh: '{pct} 配合运行长度 {steps} 步，使第 {phase} 阶段没有任何步（OneCycleLR 会除以零）；请修改 pct_start 或 total_steps' },
  emptyPhaseTotal: { en: '{pct} with total_steps {steps} gives phase {phase} no steps (OneCycleLR would divide by zero); change pct_start or total_steps', zh: '{pct} 配合 total_steps {steps}，使第 {phase} 阶段没有任何步（OneCycleLR 会除以零）；请修改 pct_start 或 total_steps' },
  epochBudget: { en: '{epochs} epochs need {updates} updates ({perEpoch} per epoch: {rows}, batch size {batch}), more than the {max} this version handles; lower epochs or set iterations', zh: '{epochs} 轮需要 {updates} 次更新（每轮 {perEpoch} 次：{rows}，批大小 {batch}），超过了本版本能处理的 {max} 次；请减少 epochs 或设置 iterations' },
  historyPoints: { en: '{every} gives {points} history points for {updates} updates, more than the {max} this version handles; use >= {min} or "auto"', zh: '{every} 使 {updates} 次更新产生 {points} 个历史点，超过了本版本能处理的 {max} 个；请用 >= {min} 的值或 "auto"' },
  nameNotUnique: { en: 'must be unique, got {got} (also {other})', zh: '不能重复，实际为 {got}（{other} 也是）' },
  modelNeedsFunction: { en: 'must be "function" without data (data.kind "none"), got {got}', zh: '没有数据（data.kind 为 "none"）时必须为 "function"，实际为 {got}' },
  dataForFunction: { en: 'must be left out (or {"kind": "none"}) for model.kind "function": a test function has no data, got data.kind {got}', zh: 'model.kind 为 "function" 时必须省略（或为 {"kind": "none"}）：测试函数没有数据，实际 data.kind 为 {got}' },
  modelForClasses: { en: 'must be {allowed} for data.kind {kind} (two-class data), got {got}', zh: 'data.kind 为 {kind}（两类数据）时必须为 {allowed}，实际为 {got}' },
  modelForTargets: { en: 'must be {allowed} for data.kind {kind} (real-valued targets), got {got}', zh: 'data.kind 为 {kind}（实数目标）时必须为 {allowed}，实际为 {got}' },
  lossForClasses: { en: 'must be {loss} for data.kind {kind} (two-class data), got {got}', zh: 'data.kind 为 {kind}（两类数据）时必须为 {loss}，实际为 {got}' },
  lossForTargets: { en: 'must be {loss} for data.kind {kind} (real-valued targets), got {got}', zh: 'data.kind 为 {kind}（实数目标）时必须为 {loss}，实际为 {got}' },
  binaryTarget: { en: 'must be 0 or 1 for {what}, got {got}', zh: '{what} 时必须为 0 或 1，实际为 {got}' },
  nesterov: { en: 'can be true only with momentum > 0 and dampening 0, got momentum {momentum} and dampening {dampening}', zh: '只有 momentum > 0 且 dampening 为 0 时才能为 true，实际 momentum 为 {momentum}，dampening 为 {dampening}' },
  etaMinus: { en: 'must be in (0, 1) (etaminus: the step size shrinks after a sign change), got {got}', zh: '应在 (0, 1) 内（etaminus：符号改变后步长缩小），实际为 {got}' },
  etaPlus: { en: 'must be > 1 (etaplus: the step size grows while the sign holds), got {got}', zh: '应 > 1（etaplus：符号保持时步长增大），实际为 {got}' },
  stepSizes: { en: 'must be >= step_sizes[0] ({min}), got {got}', zh: '应 >= step_sizes[0]（{min}），实际为 {got}' },
  milestones: { en: 'must be greater than milestones[{i}] ({prev}): milestones are strictly increasing, got {got}', zh: '应大于 milestones[{i}]（{prev}）：里程碑必须严格递增，实际为 {got}' },

  // ---- tune-schema.js ----------------------------------------------------------------------------------
  rangeMax: { en: 'must be >= min ({min}), got {got}', zh: '应 >= min（{min}），实际为 {got}' },
  rangeLogMin: { en: 'must be > 0 with scale "log", got {got}', zh: 'scale 为 "log" 时应 > 0，实际为 {got}' },
  spaceEmpty: { en: 'must have at least one dimension (allowed: {allowed})', zh: '至少要有一个维度（允许：{allowed}）' },
  validationFunction: { en: 'applies to models with data: a function model\'s trials are scored by their final objective f(θ), got {got}', zh: '只适用于有数据的模型：测试函数模型的试验按最终目标 f(θ) 打分，实际为 {got}' },
  batchSizeFunction: { en: 'cannot be searched for a function model: its batch is always "full"', zh: '测试函数模型不能搜索它：其批大小总是 "full"' },
  lrMax: { en: 'must be > lrMin ({min}), got {got}', zh: '应 > lrMin（{min}），实际为 {got}' },
  rangeTestSamples: { en: 'plans about {samples} row evaluations ({steps} steps × 2 × {n} rows), more than the limit {max}; lower tune.steps, got {got}', zh: '计划约 {samples} 次行评估（{steps} 步 × 2 × {n} 行），超过上限 {max}；请减少 tune.steps，实际为 {got}' },
  refineSamples: { en: 'plans about {samples} row evaluations ({tries} tries × {rows}), more than the limit {max}; lower tune.tries, got {got}', zh: '计划约 {samples} 次行评估（{tries} 次尝试 × {rows}），超过上限 {max}；请减少 tune.tries，实际为 {got}' },
  searchLbfgsRun: { en: 'names a run with optimizer "lbfgs": a search trains its trials for a number of epochs, and lbfgs counts its budget in iterations (step() calls); search another run, or search space.optimizer without "lbfgs"', zh: '指向一个优化器为 "lbfgs" 的运行：搜索按轮数训练试验，而 lbfgs 以迭代次数（step() 调用）计预算；请搜索另一个运行，或搜索不含 "lbfgs" 的 space.optimizer' },
  searchLbfgs: { en: 'cannot be "lbfgs": a search trains its trials for a number of epochs, and lbfgs counts its budget in iterations (step() calls)', zh: '不能是 "lbfgs"：搜索按轮数训练试验，而 lbfgs 以迭代次数（step() 调用）计预算' },
  searchNewton: { en: 'cannot be "newton" unless every trial is full batch (the base run\'s batchSize is {batch}): Newton is full batch only', zh: '除非每次试验都是全批量，否则不能是 "newton"（基准运行的 batchSize 为 {batch}）：牛顿法只支持全批量' },
  searchNewtonSearched: { en: 'cannot be "newton" unless every trial is full batch (the base run\'s batchSize is {batch}, and batchSize is searched): Newton is full batch only', zh: '除非每次试验都是全批量，否则不能是 "newton"（基准运行的 batchSize 为 {batch}，并且 batchSize 在搜索中）：牛顿法只支持全批量' },
  noValidationRows: { en: 'leaves no validation rows (round({rows} × {got}) = 0), got {got}', zh: '没有留下验证行（round({rows} × {got}) = 0），实际为 {got}' },
  noFitRows: { en: 'leaves no rows to train on ({nTest} of {rows} held out), got {got}', zh: '没有留下可训练的行（{rows}中有 {nTest} 行被留出），实际为 {got}' },
  fitBelowBatch: { en: 'leaves {fit} to train each trial on ({rows} minus the validation split), fewer than the base run\'s batch size {batch} (runs[{run}].batchSize): every trial would be invalid; lower validationFraction, search batchSize, or use a smaller batch, got {got}', zh: '每次试验只剩 {fit} 可训练（{rows}减去验证集），少于基准运行的批大小 {batch}（runs[{run}].batchSize）：每次试验都会无效；请降低 validationFraction、搜索 batchSize 或使用更小的批，实际为 {got}' },
  searchBatch: { en: 'must be "full" or an integer in 1..{max} (the {rows} left after the validation split), got {got}', zh: '应为 "full" 或 1..{max} 之间的整数（划出验证集后剩下的{rows}），实际为 {got}' },
  searchBatchMax: { en: 'must be an integer in 1..{max} (the {rows} left after the validation split), got {got}', zh: '应为 1..{max} 之间的整数（划出验证集后剩下的{rows}），实际为 {got}' },
  scheduleNeeds: { en: '{kind} needs {needs}, which torch does not default, and a trial that switches kind starts from torch\'s defaults: search it from a base run whose schedule is {kind} (base run: {base})', zh: '{kind} 需要 {needs}，torch 没有为它提供默认值，而切换种类的试验从 torch 的默认值开始：请从调度为 {kind} 的基准运行开始搜索它（基准运行：{base}）' },
  dimensionUnused: { en: 'applies to none of the {what} kinds searched ({searched}); it belongs to {kinds}', zh: '不适用于所搜索的任何 {what} 种类（{searched}）；它属于 {kinds}' },
  halvingEpochs: { en: 'cannot be searched with strategy "halving": each rung\'s budget comes from tune.epochs', zh: '策略为 "halving" 时不能搜索：每一级的预算来自 tune.epochs' },
  gridSize: { en: 'makes {count} grid points, more than the limit {max}; use shorter lists, fewer points or strategy "random"', zh: '产生 {count} 个网格点，超过上限 {max}；请用更短的列表、更少的点或 "random" 策略' },
  searchSamplesGrid: { en: 'plans about {samples} samples ({trials} × {epochs} epochs × {rows}), more than the limit {max}; use fewer grid points or fewer epochs', zh: '计划约 {samples} 个样本（{trials} × {epochs} 轮 × {rows}），超过上限 {max}；请减少网格点或轮数' },
  searchSamplesRandom: { en: 'plans about {samples} samples ({trials} × {epochs} epochs × {rows}), more than the limit {max}; lower tune.trials or tune.epochs', zh: '计划约 {samples} 个样本（{trials} × {epochs} 轮 × {rows}），超过上限 {max}；请减少 tune.trials 或 tune.epochs' },
  searchSamplesHalving: { en: 'plans about {samples} samples ({trialEpochs} trial-epochs over the rungs × {rows}), more than the limit {max}; lower tune.trials or tune.epochs', zh: '计划约 {samples} 个样本（各级共 {trialEpochs} 试验·轮 × {rows}），超过上限 {max}；请减少 tune.trials 或 tune.epochs' },

  // ---- view-options.js ---------------------------------------------------------------------------------
  unknownControlIn: { en: 'unknown control {name} ({table} controls: {names})', zh: '未知控件 {name}（{table} 的控件：{names}）' },
  unknownControl: { en: 'unknown control {name} (allowed: a section {sections}, or table.field with table {tables}, e.g. "optimizer.lr")', zh: '未知控件 {name}（允许：分区 {sections}，或 table.field，其中 table 为 {tables}，例如 "optimizer.lr"）' },
  repeats: { en: 'repeats {name}', zh: '重复了 {name}' },
  hiddenAndLocked: { en: '{name} is hidden already (hide or lock a control, not both)', zh: '{name} 已被隐藏（一个控件只能隐藏或锁定，不能两者兼有）' },
  lessonId: { en: 'must be a lesson id (lowercase letters, digits and single hyphens), got {got}', zh: '应为课程 id（小写字母、数字和单个连字符），实际为 {got}' },
  noLesson: { en: 'no lesson {got} (lessons: {lessons})', zh: '没有课程 {got}（课程：{lessons}）' },
  markup: { en: 'must be plain text, not HTML: {tag} at index {index} looks like a tag', zh: '应为纯文本，不能是 HTML：位置 {index} 处的 {tag} 看起来像标签' },
});

/** The languages of the table. */
export const ISSUE_LANGUAGES = Object.freeze(['en', 'zh']);

/**
 * A phrase inside a message: rendered in the message's language.
 * @param {string} code @param {Record<string, unknown>} [vars] @returns {{code: string, vars: object}}
 */
export const phrase = (code, vars = {}) => ({ code, vars });

/** A count with its noun ("1 training row", "3 rows"): `count.<noun>.one|other`. */
export const countPhrase = (n, noun) => phrase(`count.${noun}.${n === 1 ? 'one' : 'other'}`, { n });

/** "a, b or c" in each language. */
function orList(items, lang) {
  if (items.length < 2) return items.join('');
  return lang === 'zh' ? `${items.slice(0, -1).join('、')} 或 ${items.at(-1)}` : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** One var as text in `lang`: a phrase, an {or} list, a list, or the value itself. */
function renderVar(v, lang) {
  if (Array.isArray(v)) return v.map((x) => renderVar(x, lang)).join(lang === 'zh' ? '、' : ', ');
  if (v !== null && typeof v === 'object') {
    if (Array.isArray(v.or)) return orList(v.or.map((x) => renderVar(x, lang)), lang);
    if (typeof v.code === 'string') return renderIssueText(v.code, v.vars ?? {}, lang);
  }
  return String(v);
}

/**
 * The text of issue code `code` with `vars` in `lang` ('en' or 'zh').
 * @param {string} code @param {Record<string, unknown>} vars @param {string} [lang]
 * @returns {string}
 * @throws {Error} for an unknown code or language, or a placeholder without its var (a bug of the reader)
 */
export function renderIssueText(code, vars = {}, lang = 'en') {
  const entry = Object.hasOwn(ISSUE_TEXT, code) ? ISSUE_TEXT[code] : undefined;
  if (!entry) throw new Error(`issue-text.js: no issue code ${code}`);
  const template = entry[lang];
  if (template === undefined) throw new Error(`issue-text.js: no ${lang} text for ${code}`);
  return template.replace(/\{(\w+)\}/g, (m, name) => {
    if (!Object.hasOwn(vars, name)) throw new Error(`issue-text.js: ${code} needs {${name}}`);
    return renderVar(vars[name], lang);
  });
}

/**
 * An issue's message in `lang`: rendered from its code and vars, or its `message` when it has no code
 * (issues made outside the schema tables: an engine refusal, a lesson file).
 * @param {{message: string, code?: string, vars?: object}} issue @param {string} [lang]
 */
export function issueMessage(issue, lang = 'en') {
  return typeof issue?.code === 'string' ? renderIssueText(issue.code, issue.vars ?? {}, lang) : String(issue?.message ?? '');
}

/** The {placeholders} of a template. */
export const placeholders = (template) => [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
