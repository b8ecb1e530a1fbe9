// fields-zh.js — the experiment form's fields in Simplified Chinese, by control name (`table.field`,
// as view-options.js names controls; `tune.*`, `space.*` and `range.*` for the tuning panel's form).
// The English lives where it always did and nowhere else: the help text is the schema's `doc`
// (lib/experiment.js, lib/tune-schema.js), the label and the option texts are controls.js's LABELS and
// OPTION_LABELS, the empty box's text the schema's `nullText`. Each entry here gives the Chinese of
//   label  the field's label (only where controls.js has an English label; torch's hyperparameter names
//          such as lr or betas stay as they are in every language)
//   help   the help text under the control (a function of the spec where the doc depends on it)
//   none   what an empty box means (specs with a nullText)
// and FIELD_OPTIONS the Chinese of each value of an enum (proper names such as SGD or tanh stay).
// tests/node/fields-zh.test.js fails when a field the form shows has no Chinese here, or when an entry
// names a field or a value the schema does not have.

import { DEFAULT_ITERATIONS } from './lib/experiment.js';

/** Values that read the same in both languages (names: optimizers, functions, activations). */
const same = (...values) => Object.fromEntries(values.map((v) => [v, v]));

export const FIELDS = {
  'experiment.name': { label: '实验名称', help: '标题。' },
  'experiment.seed': { label: '随机种子', help: '决定数据、初始化、打乱顺序和调参的随机流。' },
  'experiment.init': { label: '初始参数', help: '初始参数："zeros"（默认；神经网络默认 "uniform"：全为零的隐藏单元永远不会分化）、"uniform"（torch nn.Linear 对每一层的默认初始化：权重和偏置 ~ U(−1/√fan_in, 1/√fan_in)，取自种子的初始化随机流；不适用于测试函数）、{params}（扁平参数向量，所有模型）或 {weights, bias}（线性和逻辑回归）。' },

  'data.kind': { label: '数据生成器', help: '生成器（"linear"、"polynomial"、"sine"、"blobs"；二维（2-D）两类数据集 "moons"、"circles"、"xor"、"spiral"）、"inline" 用户数据，或 "none"（测试函数；model.kind 为 "function" 时的默认值，否则为 "linear"）。' },
  'data.n': { label: '行数 (n)', help: '生成的行数（训练 + 测试）。' },
  'data.d': { label: '特征数 (d)', help: '输入特征数（二维数据集为 2）。' },
  'data.degree': { label: '次数', help: '模型特征 x, x², …, x^degree。' },
  'data.coefficients': { label: '真实系数 c₀, c₁, …', help: '真实系数 c₀…c_k：y = Σ c_k x^k + 噪声，x ~ U(−1, 1)。' },
  'data.frequency': { label: '频率', help: 'y = sin(π·frequency·x) + 噪声，x ~ U(−1, 1)。' },
  'data.weights': { label: '真实权重', help: '真实权重（默认全为 3）：y = x·weights + bias + 噪声。' },
  'data.bias': { label: '真实偏置', help: '真实截距。' },
  'data.scales': { label: '特征尺度', help: '特征 j ~ U(0, scales[j])（默认全为 1）。' },
  'data.separation': { label: '类间距离', help: '两个类别均值之间的距离。' },
  'data.noise': { label: '噪声', help: '"uniform"：U(0, noiseLevel)（与种子一致，不居中）；"gaussian"：N(0, noiseLevel²)。' },
  'data.noiseLevel': { label: '噪声水平', help: '噪声尺度（blobs：每个类别的标准差；moons、circles、xor、spiral：每个坐标上高斯噪声的标准差）。' },
  'data.testFraction': { label: '测试比例', help: '留作测试的行所占比例：nTest = round(n·testFraction)。' },
  'data.standardize': { label: '标准化特征', help: '将特征缩放为零均值、单位方差（按训练集统计）。' },

  'model.kind': { label: '模型', help: '"linear" 线性回归、"logistic" 逻辑回归分类、关于 θ = (x, y) 的测试函数 "function"（没有数据：省略 data），或 "mlp" 神经网络（blobs 默认 "logistic"，moons、circles、xor 和 spiral 默认 "mlp"，其余默认 "linear"；"function" 总是写出，因为 data 的默认值取决于它）。' },
  'model.loss': { label: '损失', help: 'linear："mse"（默认）、"mae"、"huber"；logistic："bce"（基于 logits）；mlp："mse"（回归）或 "bce"（输出为 logit；两类数据的默认值）。' },
  'model.delta': { label: 'Huber δ', help: 'Huber 损失的 δ（torch HuberLoss）。' },
  'model.function': { label: '函数 f(x, y)', help: '测试函数 f(x, y)："rosenbrock"、"himmelblau"、"beale"、"quadratic"、"saddle"、"six_hump_camel" 或 "rastrigin"（公式和极小值见 README）。' },
  'model.a': { help: 'Rosenbrock a：f = (a − x)² + b·(y − x²)²，极小值在 (a, a²)。' },
  'model.b': { help: 'Rosenbrock 函数的 b。' },
  'model.condition': { label: '条件数 κ', help: '二次函数 κ：f = ½(u² + κ·v²)，两个方向曲率之比（条件数）。' },
  'model.angle': { label: '角度（度）', help: '二次函数：(u, v) 轴相对于 (x, y) 的旋转角，单位为度。' },
  'model.noise': { label: '梯度噪声 σ', help: '加在每个梯度分量上的 N(0, σ²) 噪声的 σ（取自种子的噪声随机流）：在函数地形上的随机梯度。' },
  'model.hidden': { label: '每层隐藏单元数', help: (spec) => `每个隐藏层的单元数：1..${spec.maxLength} 层，每层 1..${spec.item.max} 个单元。` },
  'model.activation': { label: '激活函数', help: '隐藏单元的激活函数："tanh"、"relu" 或 "sigmoid"（torch.nn.Tanh、ReLU、Sigmoid）。' },

  'penalty.l1': { label: 'L1 惩罚 λ₁', help: '权重绝对值之和的惩罚：λ₁ Σ|w_j|。' },
  'penalty.l2': { label: 'L2 惩罚 λ₂', help: '权重平方和的惩罚：λ₂ Σ w_j²。' },

  'init.params': { label: '参数 θ', help: '全部参数，扁平排列，按 torch 的 model.parameters() 顺序：linear/logistic 为 [w…, b]；function 为 [x, y]；mlp 为每层的权重 [out × in]（行优先），然后是该层的偏置。' },
  'init.weights': { label: '权重', help: '线性/逻辑回归：每个模型特征一个权重（linear/blobs：data.d；polynomial/sine：次数；inline：每行的长度）。' },
  'init.bias': { label: '偏置', help: '线性/逻辑回归：初始偏置（默认 0）。' },

  'run.name': { label: '名称', help: '唯一的名称（默认 "run i"）。' },
  'run.batchSize': { label: '批大小', help: '"full"（全批量梯度下降）或每次更新使用的行数，1..训练行数。' },
  'run.shuffle': { label: '每轮重新打乱', help: '每轮（epoch）重新打乱行的顺序（全批量时忽略）。' },
  'run.iterations': { label: '最大迭代次数', help: `更新这么多次后停止（iterations 和 epochs 都未设置时为 ${DEFAULT_ITERATIONS}）。` },
  'run.epochs': { label: '最大轮数', help: '训练这么多轮后停止（可以是小数）。' },
  'run.targetLoss': { label: '目标损失', help: '训练目标 ≤ targetLoss 时停止。' },
  'run.tolerance': { label: '容差', help: '两次评估之间的相对改进 < tolerance，或两次评估相等（目标恰好为 0）时停止；0：关闭。' },
  'run.divergeFactor': { label: '发散系数', help: '目标 > divergeFactor × 初始目标时判定为发散。' },
  'run.init': { label: '初始参数', help: '本次运行的初始参数（默认：实验的 init）。' },

  'optimizer.kind': { label: '优化器', help: 'torch.optim.SGD、Adagrad、RMSprop、Adam、AdamW、NAdam、RAdam、Adadelta、Adamax、Rprop 或 LBFGS（全批量；一次迭代是一次 step()，会多次评估目标），或 "newton"，阻尼牛顿法（torch 中没有；全批量；适用于使用 mse 的线性模型、逻辑回归和测试函数）。' },
  'optimizer.lr': { help: '学习率（torch 默认：1e-3；adagrad、rmsprop、rprop 为 1e-2；nadam、adamax 为 2e-3；adadelta、lbfgs 为 1；newton 为 1）。Rprop 只读取一次，作为初始步长；LBFGS 尝试步长 lr（第一步为 min(1, 1/‖g‖₁)·lr）；Newton 用它缩放步长。' },
  'optimizer.max_iter': { label: 'max_iter（每步内部迭代数）', help: 'LBFGS：每次 step() 的内部迭代次数。' },
  'optimizer.max_eval': { label: 'max_eval（每步评估次数）', help: 'LBFGS：评估这么多次后 step() 停止迭代（null：⌊max_iter·5/4⌋，torch 的默认值）；线搜索可能超出。', none: 'max_iter·5/4' },
  'optimizer.tolerance_grad': { help: 'LBFGS：max|g| ≤ tolerance_grad 时 step() 停止（torch 1.13：1e-7）。' },
  'optimizer.tolerance_change': { help: 'LBFGS：步长或损失变化小于此值时 step() 停止。' },
  'optimizer.history_size': { label: 'history_size（保留的向量对数）', help: (spec) => `LBFGS：保留的 (s, y) 向量对数，1..${spec.max}。` },
  'optimizer.line_search_fn': { label: '线搜索', help: 'LBFGS：null（固定步长 lr）或 "strong_wolfe"（torch 的线搜索）。', none: '无：固定步长' },
  'optimizer.damping': { label: '阻尼 λ', help: 'Newton：加到 Hessian 对角线上的 λ，θ ← θ − lr·(H + λI)⁻¹∇（0：纯牛顿步）。' },
  'optimizer.lr_decay': { help: 'Adagrad 的学习率衰减：lr / (1 + (t−1)·lr_decay)。' },
  'optimizer.alpha': { help: 'RMSprop 平滑常数。' },
  'optimizer.betas': { help: 'Adam/AdamW/NAdam/RAdam/Adamax 矩估计的衰减率 [β₁, β₂]。' },
  'optimizer.momentum': { help: '动量系数。' },
  'optimizer.dampening': { help: 'SGD 动量的阻尼。' },
  'optimizer.nesterov': { help: 'SGD Nesterov 动量（需要 momentum > 0 且 dampening 为 0）。' },
  'optimizer.weight_decay': { help: '加到梯度上的 L2 项（AdamW：解耦；默认 1e-2）。Rprop、LBFGS 和 Newton 没有此项（请用 model.penalty.l2）。' },
  'optimizer.initial_accumulator_value': { help: 'Adagrad 平方和的初始值。' },
  'optimizer.eps': { help: '加在分母上的项（adagrad 默认 1e-10，adadelta 1e-6；Adamax：在 max 之内，|g| + eps）。' },
  'optimizer.centered': { help: 'RMSprop：用估计的方差归一化。' },
  'optimizer.amsgrad': { help: 'Adam/AdamW：使用二阶矩的历史最大值。' },
  'optimizer.momentum_decay': { help: 'NAdam ψ：动量调度 μ_t = β₁(1 − ½·0.96^(t·ψ))。' },
  'optimizer.rho': { help: 'Adadelta：g² 和更新量平方的滑动平均系数。' },
  'optimizer.etas': { help: 'Rprop [etaminus, etaplus]：符号改变后（< 1）和符号保持时（> 1）的步长系数。' },
  'optimizer.step_sizes': { help: 'Rprop [min, max]：每个步长的上下界。' },

  'schedule.kind': { label: '调度类型', help: 'ExponentialLR、StepLR、CosineAnnealingLR、LinearLR、ReduceLROnPlateau、bold driver、OneCycleLR、CyclicLR、CosineAnnealingWarmRestarts、MultiStepLR、PolynomialLR 或 SequentialLR。' },
  'schedule.per': { label: '调度步进单位', help: '在每轮（epoch）之后还是每次更新之后推进调度。' },
  'schedule.step_size': { help: 'StepLR 的周期。' },
  'schedule.gamma': { help: '乘性因子（exponential 0.95，step 和 multistep 0.1；cyclic 1，用于 "exp_range" 模式：振幅 γ^t）。' },
  'schedule.T_max': { help: 'CosineAnnealingLR 的半周期，以 `per` 的步数计；null：运行的长度（在 sequential 中：到下一个里程碑或到结束的步数），使学习率在结束时降到 eta_min。', none: '运行的长度' },
  'schedule.T_0': { help: 'CosineAnnealingWarmRestarts：第一个周期的步数（torch 没有默认值）。' },
  'schedule.T_mult': { help: 'CosineAnnealingWarmRestarts：每个周期是前一个的 T_mult 倍长。' },
  'schedule.eta_min': { help: '最小学习率。' },
  'schedule.start_factor': { help: 'LinearLR 的初始因子。' },
  'schedule.end_factor': { help: 'LinearLR 的最终因子。' },
  'schedule.total_iters': { help: 'LinearLR：达到 end_factor 的步数；PolynomialLR：降到 0 的步数。' },
  'schedule.power': { help: 'PolynomialLR 的幂次：lr·(1 − min(t, total_iters)/total_iters)^power。' },
  'schedule.mode': { help: 'Plateau：只有 "min"（目标被最小化）。CyclicLR："triangular"、"triangular2"（每个周期振幅减半）或 "exp_range"（振幅 γ^t）。' },
  'schedule.factor': { help: '遇到平台期时学习率的乘数。' },
  'schedule.patience': { help: '没有改进的步数达到多少后降低学习率。' },
  'schedule.threshold': { help: 'Plateau：最小改进量。Bold driver：不超过此值的相对上升视为噪声，而非变差（默认 1e-5）。' },
  'schedule.threshold_mode': { help: '"rel"（相对）：a < best·(1 − threshold)；"abs"（绝对）：a < best − threshold。' },
  'schedule.cooldown': { help: '降低学习率后等待的步数。' },
  'schedule.min_lr': { help: '学习率的下界。' },
  'schedule.eps': { help: '小于此值的学习率变化被忽略。' },
  'schedule.increase': { help: '一步改进之后学习率的乘数。' },
  'schedule.decrease': { help: '一步变差之后学习率的乘数（该步被撤销）。' },
  'schedule.max_lr': { help: 'OneCycleLR：峰值学习率（null：优化器的 lr）；CyclicLR：学习率上限（torch 没有默认值）。', none: '优化器的 lr' },
  'schedule.total_steps': { help: 'OneCycleLR：一个周期的步数（null：运行的长度）；运行不能超过这么多步（torch 会报错）。', none: '运行的长度' },
  'schedule.pct_start': { help: 'OneCycleLR：用于提升学习率的步数所占比例。' },
  'schedule.anneal_strategy': { help: 'OneCycleLR：每个阶段内的退火方式，"cos" 或 "linear"。' },
  'schedule.div_factor': { help: 'OneCycleLR：初始学习率为 max_lr/div_factor。' },
  'schedule.final_div_factor': { help: 'OneCycleLR：最终学习率为 max_lr/div_factor/final_div_factor。' },
  'schedule.three_phase': { help: 'OneCycleLR：先上升，再回落到初始学习率，然后最终退火（论文的形式），而不是先上升再降到最终学习率（fastai 的形式）。' },
  'schedule.base_lr': { help: 'CyclicLR：学习率下限（null：优化器的 lr）。', none: '优化器的 lr' },
  'schedule.step_size_up': { help: 'CyclicLR：从 base_lr 上升到 max_lr 的步数。' },
  'schedule.step_size_down': { help: 'CyclicLR：回落的步数（null：等于 step_size_up）。', none: 'step_size_up' },
  'schedule.cycle_momentum': { help: '同时让优化器的动量（SGD、RMSprop；one_cycle 还包括 Adam 系列的 betas[0]）与学习率反向循环，在 max_momentum 和 base_momentum 之间。默认关闭：torch 的默认（开启）会悄悄把动量写入 SGD。' },
  'schedule.base_momentum': { help: '峰值学习率处的动量（one_cycle 0.85，cyclic 0.8）。' },
  'schedule.max_momentum': { help: '最低学习率处以及开始时的动量（one_cycle 0.95，cyclic 0.9）。' },
  'schedule.schedulers': { label: 'schedulers（JSON 列表）', help: (spec) => `SequentialLR：${spec.minLength}..${spec.maxLength} 个调度依次运行（默认：LinearLR 预热，然后余弦退火到运行结束）。` },
  'schedule.milestones': { help: 'MultiStepLR：学习率乘以 gamma 的步数；SequentialLR：schedulers[1]、schedulers[2]、… 接手的步数（各自从那里开始从 0 计步）。严格递增。' },

  'record.every': { label: '记录间隔（更新次数）', help: '每 k 次更新记录一次，或 "auto"：2..500 个点，在训练工作量的 10% 之内尽可能多（小数据时为几毫秒的评估时间）。' },

  'tune.kind': { label: '调参方式', help: '"search"（超参数搜索）、"range test"（学习率指数增长，同时记录损失）或 "refine"（在训练得到的参数附近随机局部搜索）。' },
  'tune.run': { label: '基准运行', help: '基准运行在 runs 中的索引：每次试验都是这个运行，只改变被搜索的值；范围测试使用它的优化器和批大小；refine 先训练它，再做细化。' },
  'tune.strategy': { label: '策略', help: '"grid"（所有组合）、"random"（从种子的调参随机流中抽取试验）或 "halving"（逐次减半：所有试验先用小预算，最好的 1/eta 晋级到 eta 倍预算，直到 tune.epochs）。' },
  'tune.trials': { label: '试验次数', help: '抽取的配置数（halving：从最小预算开始的配置数）。' },
  'tune.eta': { label: '减半 η（保留 1/η）', help: 'Halving：每一级保留最好的 1/eta，并给它们 eta 倍的预算。' },
  'tune.minEpochs': { label: '最小预算（轮）', help: 'Halving：一级得到的最小预算，以轮计；它把级数限制为 1 + ⌊log_eta(epochs/minEpochs)⌋。' },
  'tune.epochs': { label: '每次试验的预算（轮）', help: '一次试验的训练预算，以轮计（halving：最后一级的预算）；null：基准运行的预算（它的 epochs，或把 iterations 换算成轮）。' },
  'tune.validationFraction': { label: '验证比例', help: '留出用来给试验打分的训练行所占比例（测试集只报告胜出者）。测试函数模型没有数据：它的试验按最终目标 f(θ) 打分，此字段被忽略。' },
  'tune.lrMin': { label: '最低 lr', help: '第一次更新的学习率。' },
  'tune.lrMax': { label: '最高 lr', help: '最后一次更新的学习率（> lrMin）。' },
  'tune.steps': { label: '更新次数', help: '更新次数，每次之后学习率乘以 (lrMax/lrMin)^(1/(steps−1))。' },
  'tune.smoothing': { label: '平滑 β', help: '应用规则之前，对损失做偏差校正滑动平均的 β（0：不平滑）。' },
  'tune.rule': { label: '建议规则', help: '"损失最低点 ÷ 10"：损失最低处的学习率除以 10；"steepest"：在损失最低点之前，损失相对 log(lr) 下降最快处的学习率。' },
  'tune.step': { label: '每次尝试的噪声 σ', help: '每次尝试加到每个参数上的正态噪声的标准差。' },
  'tune.tries': { label: '尝试次数', help: '尝试的扰动次数；只保留降低训练目标的扰动。' },

  'space.lr': { help: '学习率（范围默认按对数均匀取值，除非 scale 另有指定）。' },
  'space.batchSize': { help: '"full" 或每次更新的行数，最多为验证集划分后剩下用于训练的行数（范围按对数均匀取值）。' },
  'space.optimizer': { help: '优化器种类；与基准运行不同的种类使用 torch 的默认值和基准运行的 lr。不能是 "lbfgs"（试验的预算以轮计）；只有每次试验都是全批量时才能是 "newton"。' },
  'space.momentum': { help: 'SGD/RMSprop 的动量。' },
  'space.beta1': { help: 'Adam/AdamW/NAdam/RAdam/Adamax 的 betas[0]。' },
  'space.beta2': { help: 'Adam/AdamW/NAdam/RAdam/Adamax 的 betas[1]。' },
  'space.weight_decay': { help: '优化器的权重衰减（除 Rprop、LBFGS 和 Newton 之外的所有种类）。' },
  'space.schedule': { help: '调度种类；与基准运行不同的种类使用 torch 的默认值（cyclic、cosine_warm_restarts 和 multistep 有 torch 不提供默认值的参数，所以只能作为基准运行自己的种类来搜索）。' },
  'space.gamma': { help: 'ExponentialLR/StepLR/MultiStepLR/CyclicLR 的 gamma。' },
  'space.step_size': { help: 'StepLR 的 step_size。' },
  'space.T_max': { help: 'CosineAnnealingLR 的 T_max。' },
  'space.epochs': { help: '一次试验的训练预算，以轮计（不能与 "halving" 策略同用，它按级设定预算）。' },

  'range.min': { label: '最小值', help: '下端。' },
  'range.max': { label: '最大值', help: '上端，>= min。' },
  'range.scale': { label: '尺度', help: (spec) => `"linear"（线性）或 "log"（对数）（默认 ${JSON.stringify(spec.default)}）。` },
  'range.points': { label: '网格点数', help: '仅用于网格搜索：这个范围贡献多少个取值。' },
};

/** The Chinese of each enum value the form offers, by control name. */
export const FIELD_OPTIONS = {
  'data.kind': {
    linear: '线性', polynomial: '多项式', sine: '正弦', blobs: '高斯团 (blobs)', moons: '双月 (moons)', circles: '同心圆 (circles)',
    xor: '异或 (xor)', spiral: '螺旋 (spiral)', inline: '导入的数据', none: '无',
  },
  'data.noise': { uniform: '均匀', gaussian: '高斯' },
  'model.kind': { linear: '线性回归', logistic: '逻辑回归', function: '测试函数', mlp: '神经网络' },
  'model.loss': { mse: 'MSE', mae: 'MAE', huber: 'Huber', bce: '二元交叉熵' },
  'model.function': {
    rosenbrock: 'Rosenbrock 函数', himmelblau: 'Himmelblau 函数', beale: 'Beale 函数', rastrigin: 'Rastrigin 函数',
    quadratic: '二次函数（病态）', saddle: '鞍点 x² − y²', six_hump_camel: '六峰驼背函数 (six_hump_camel)',
  },
  'model.activation': same('tanh', 'relu', 'sigmoid'),
  'optimizer.kind': {
    // as torch.optim spells the names (the English menu shows the file's ids: sgd, adam)
    sgd: 'SGD', adagrad: 'Adagrad', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW', nadam: 'NAdam', radam: 'RAdam',
    adadelta: 'Adadelta', adamax: 'Adamax', rprop: 'Rprop', lbfgs: 'L-BFGS', newton: '阻尼牛顿法 (newton，torch 中没有)',
  },
  'optimizer.line_search_fn': { strong_wolfe: '强 Wolfe 条件' },
  'schedule.kind': {
    constant: '常数', exponential: '指数衰减', step: '阶梯衰减', cosine: '余弦退火', linear: '线性',
    reduce_on_plateau: '平台期降低', bold_driver: 'bold driver 方法', one_cycle: '单周期 (one_cycle)', cyclic: '循环',
    cosine_warm_restarts: '余弦退火热重启', multistep: '多阶梯衰减', polynomial: '多项式衰减', sequential: '顺序组合',
  },
  'schedule.per': { epoch: '每轮 (epoch)', iteration: '每次更新 (iteration)' },
  'schedule.mode': { min: '最小化 (min)', triangular: 'triangular（三角）', triangular2: 'triangular2（三角，振幅减半）', exp_range: 'exp_range（指数振幅）' },
  'schedule.threshold_mode': { rel: '相对 (rel)', abs: '绝对 (abs)' },
  'schedule.anneal_strategy': { cos: '余弦 (cos)', linear: '线性 (linear)' },
  'tune.kind': { search: '搜索', range_test: '范围测试', refine: '细化' },
  'tune.strategy': { grid: '网格', random: '随机', halving: '逐次减半' },
  'tune.rule': { 'min/10': '损失最低点 ÷ 10', steepest: '最陡下降 (steepest)' },
  'range.scale': { linear: '线性', log: '对数' },
};

/** The tuning panel's "Add a dimension" menu in Chinese: what each searchable name is (the name itself follows). */
export const SPACE_NAMES = {
  lr: '学习率', batchSize: '批大小', optimizer: '优化器', momentum: '动量', beta1: '一阶矩衰减率 β₁', beta2: '二阶矩衰减率 β₂',
  weight_decay: '权重衰减', schedule: '学习率调度', gamma: '衰减因子', step_size: '阶梯步长', T_max: '余弦周期', epochs: '训练轮数',
};
