// cards.js — the explanation cards of the optimizers and the learning-rate schedules: data only (no DOM;
// tests/node/cards.test.js checks that every kind in experiment.js has one). Adding a card is adding an
// entry here: {title, torch, tex: [display formulas, KaTeX's TeX], symbols: [[tex, field or words]],
// intuition}. explain.js renders them with KaTeX, each text through strings.js's localized().
//
// Symbols are torch's: in torch.optim's documentation γ is the learning rate (lr, the schedule's value at
// that step), θ the parameters, g_t the gradient, λ weight_decay, μ momentum, τ dampening, β₁ β₂ the
// betas, ε eps; in torch.optim.lr_scheduler's, η_t is the rate at step t and γ the factor `gamma`. The
// rules are the ones descent computes (core/src/optim.c, sched.c) and README's "formula by formula".
// User-visible text is in {en: …, zh: …} fields, one per language (tests/node/cards.test.js requires
// both); a torch class name or a symbol that is a field name (lr, betas) is a plain string, the same in
// every language. The formulas are the same in every language.

const R = String.raw;

/** Lines shared by every gradient-based card: where g_t comes from. */
const GRAD = R`g_t \leftarrow \nabla_\theta f_t(\theta_{t-1}) + \lambda\,\theta_{t-1}`;

/** A text in every language, or a name that needs no translation. @typedef {{en: string, zh: string} | string} Text */
/** @typedef {{title: Text, torch: Text, tex: string[], symbols: [string, Text][], intuition: Text}} Card */

/** @type {Record<string, Card>} */
export const OPTIMIZER_CARDS = {
  sgd: {
    title: { en: 'SGD, with momentum and Nesterov', zh: 'SGD（含动量与 Nesterov）' },
    torch: 'torch.optim.SGD',
    tex: [
      GRAD,
      R`b_t \leftarrow \begin{cases} g_t & t = 1 \\ \mu\, b_{t-1} + (1-\tau)\, g_t & t > 1 \end{cases}`,
      R`g_t \leftarrow \begin{cases} g_t + \mu\, b_t & \text{nesterov} \\ b_t & \text{otherwise} \end{cases}`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, g_t`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\mu`, 'momentum'], [R`\tau`, 'dampening'], [R`\lambda`, 'weight_decay'], [R`f_t`, { en: 'the loss on this step\'s batch', zh: '本步所用批量上的损失' }]],
    intuition: {
      en: 'Plain SGD (μ = 0: the two middle lines are skipped) steps downhill by lr times the gradient of the current batch. Momentum keeps a running sum b of past gradients, like a heavy ball: directions where the gradient keeps its sign build up speed (the long axis of a valley), directions where it flips cancel out (the steep walls). Nesterov looks one step ahead, adding μ·b to the gradient, which damps the overshoot. With momentum μ the effective step is about lr/(1 − μ): 10× lr at μ = 0.9.',
      zh: '普通 SGD（μ = 0：跳过中间两行）沿当前批量的梯度下坡，每步移动 lr 乘以梯度。动量保留过去梯度的累计和 b，就像一个重球：梯度符号保持不变的方向（山谷的长轴）不断加速，符号来回翻转的方向（陡峭的谷壁）相互抵消。Nesterov 向前看一步，把 μ·b 加到梯度上，从而抑制冲过头。动量为 μ 时，有效步长约为 lr/(1 − μ)：μ = 0.9 时是 10× lr。',
    },
  },
  adagrad: {
    title: 'AdaGrad',
    torch: 'torch.optim.Adagrad',
    tex: [
      GRAD,
      R`\tilde\gamma \leftarrow \gamma \,/\, \bigl(1 + (t-1)\,\eta\bigr)`,
      R`s_t \leftarrow s_{t-1} + g_t^2, \qquad s_0 = \tau`,
      R`\theta_t \leftarrow \theta_{t-1} - \tilde\gamma\, \frac{g_t}{\sqrt{s_t} + \epsilon}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\eta`, 'lr_decay'], [R`\tau`, 'initial_accumulator_value'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: {
      en: 'Each parameter gets its own step size: lr divided by the root of the sum of all its squared gradients so far. Parameters with large gradients take small steps and rarely-updated ones take large steps, which evens out badly scaled features. The sum only grows, so the steps shrink forever: AdaGrad slows down by itself, which helps convex problems and hurts long training.',
      zh: '每个参数都有自己的步长：lr 除以迄今为止该参数所有梯度平方和的平方根。梯度大的参数步子小，很少被更新的参数步子大，这样就抹平了特征尺度的差异。平方和只增不减，所以步长会一直缩小：AdaGrad 会自行减速，这对凸问题有利，对长时间训练不利。',
    },
  },
  rmsprop: {
    title: 'RMSprop',
    torch: 'torch.optim.RMSprop',
    tex: [
      GRAD,
      R`v_t \leftarrow \alpha\, v_{t-1} + (1-\alpha)\, g_t^2`,
      R`\tilde v_t \leftarrow \begin{cases} v_t - \bigl(g^{\mathrm{ave}}_t\bigr)^2, \;\; g^{\mathrm{ave}}_t \leftarrow \alpha\, g^{\mathrm{ave}}_{t-1} + (1-\alpha)\, g_t & \text{centered} \\ v_t & \text{otherwise} \end{cases}`,
      R`b_t \leftarrow \mu\, b_{t-1} + \frac{g_t}{\sqrt{\tilde v_t} + \epsilon}, \qquad \theta_t \leftarrow \theta_{t-1} - \gamma\, b_t \quad (\mu > 0)`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{g_t}{\sqrt{\tilde v_t} + \epsilon} \quad (\mu = 0)`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\alpha`, 'alpha'], [R`\mu`, 'momentum'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: {
      en: 'AdaGrad with a memory that fades: v is a moving average of the squared gradient (over about 1/(1 − α) = 100 steps), so the per-parameter step size adapts to recent gradients and does not shrink forever. Every parameter moves about lr per step whatever its gradient\'s scale. Near a minimum that is also its weakness: with a constant lr it keeps bouncing at a distance of about lr.',
      zh: '带有逐渐遗忘的记忆的 AdaGrad：v 是梯度平方的滑动平均（大约覆盖 1/(1 − α) = 100 步），所以每个参数的步长随近期梯度自适应调整，而不会一直缩小。无论梯度的尺度如何，每个参数每步大约移动 lr。在极小值附近这也是它的弱点：学习率固定时，它会在约 lr 的距离上不停弹跳。',
    },
  },
  adam: {
    title: 'Adam',
    torch: 'torch.optim.Adam',
    tex: [
      GRAD,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2`,
      R`\hat m_t \leftarrow \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t \leftarrow \frac{v_t}{1-\beta_2^t} \quad \Bigl(\text{amsgrad: } \hat v_t \leftarrow \frac{\max(v^{\max}_{t-1}, v_t)}{1-\beta_2^t}\Bigr)`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, { en: 'eps (added after the bias correction)', zh: 'eps（在偏差修正之后加上）' }]],
    intuition: {
      en: 'Momentum (m, the average gradient) divided by RMSprop\'s scale (√v, the average size of the gradient), both corrected for starting at 0. The ratio m̂/√v̂ is about ±1 while the gradient is consistent, so each parameter moves about lr per step at first, whatever the scale of its gradient; near a minimum the gradient\'s sign flips, m̂ shrinks and the steps with it. Adam needs little tuning, which is why it is the default for networks; on a well-conditioned convex problem plain SGD with a good rate can beat it.',
      zh: '动量（m，梯度的平均）除以 RMSprop 的尺度（√v，梯度大小的平均），两者都对从 0 开始的偏差做了修正。只要梯度方向一致，比值 m̂/√v̂ 约为 ±1，所以起初无论梯度尺度如何，每个参数每步大约移动 lr；在极小值附近梯度符号翻转，m̂ 变小，步长也随之变小。Adam 几乎不需要调参，这就是它成为神经网络默认优化器的原因；在条件良好的凸问题上，学习率合适的普通 SGD 可以胜过它。',
    },
  },
  adamw: {
    title: { en: 'AdamW (decoupled weight decay)', zh: 'AdamW（解耦权重衰减）' },
    torch: 'torch.optim.AdamW',
    tex: [
      R`\theta_{t-1} \leftarrow \theta_{t-1} - \gamma\, \lambda\, \theta_{t-1}`,
      R`g_t \leftarrow \nabla_\theta f_t(\theta_{t-1})`,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{m_t / (1-\beta_1^t)}{\sqrt{v_t / (1-\beta_2^t)} + \epsilon}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\lambda`, { en: 'weight_decay (default 0.01)', zh: 'weight_decay（默认 0.01）' }], [R`\beta_1, \beta_2`, 'betas'], [R`\epsilon`, 'eps']],
    intuition: {
      en: 'Adam whose weight decay shrinks the parameters directly, before the step, instead of being added to the gradient. In Adam, decay added to the gradient is divided by √v like everything else, so parameters with large gradients are hardly decayed; AdamW decays every parameter by the same fraction lr·λ per step. That is the form of L2 regularisation that works with adaptive methods.',
      zh: '权重衰减在更新之前直接缩小参数，而不是加到梯度上的 Adam。在 Adam 中，加到梯度上的衰减和其他一切一样要除以 √v，所以梯度大的参数几乎不被衰减；AdamW 则让每个参数每步都按相同比例 lr·λ 衰减。这才是能与自适应方法配合的 L2 正则化形式。',
    },
  },
  nadam: {
    title: { en: 'NAdam (Adam with Nesterov momentum)', zh: 'NAdam（带 Nesterov 动量的 Adam）' },
    torch: 'torch.optim.NAdam',
    tex: [
      GRAD,
      R`\mu_t \leftarrow \beta_1 \bigl(1 - \tfrac12\, 0.96^{\,t\psi}\bigr), \qquad \textstyle\Pi_t = \prod_{i \le t} \mu_i`,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, \qquad d_t = \sqrt{\frac{v_t}{1-\beta_2^t}} + \epsilon`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{1-\mu_t}{1-\Pi_t}\, \frac{g_t}{d_t} - \gamma\, \frac{\mu_{t+1}}{1-\Pi_t\,\mu_{t+1}}\, \frac{m_t}{d_t}`,
    ],
    symbols: [[R`\gamma`, { en: 'lr (default 2e-3)', zh: 'lr（默认 2e-3）' }], [R`\psi`, 'momentum_decay'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: {
      en: 'Adam with Nesterov\'s look-ahead: the step uses the momentum one step further on (μ_{t+1}·m) plus a share of the current gradient, so it reacts to a change of direction one step sooner. The momentum factor μ_t warms up slowly from β₁/2 towards β₁.',
      zh: '带有 Nesterov 前瞻的 Adam：更新使用往前再走一步的动量（μ_{t+1}·m）加上当前梯度的一部分，所以它对方向变化的反应早一步。动量因子 μ_t 从 β₁/2 缓慢升向 β₁。',
    },
  },
  radam: {
    title: { en: 'RAdam (rectified Adam)', zh: 'RAdam（修正的 Adam）' },
    torch: 'torch.optim.RAdam',
    tex: [
      GRAD,
      R`m_t,\; v_t \text{ as in Adam}, \qquad \hat m_t \leftarrow \frac{m_t}{1-\beta_1^t}`,
      R`\rho_\infty = \frac{2}{1-\beta_2} - 1, \qquad \rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1-\beta_2^t}`,
      R`r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\,\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\,\rho_t}}, \qquad l_t = \frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t} + \epsilon}`,
      R`\theta_t \leftarrow \begin{cases} \theta_{t-1} - \gamma\, \hat m_t\, r_t\, l_t & \rho_t > 5 \\ \theta_{t-1} - \gamma\, \hat m_t & \rho_t \le 5 \;(\text{the first 5 steps with } \beta_2 = 0.999) \end{cases}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: {
      en: 'Adam\'s second-moment estimate v rests on a handful of gradients at first, so its first steps can be wild; that is why Adam is often warmed up. RAdam builds the warm-up in: while the estimate is unreliable (ρ_t ≤ 5) it takes plain momentum steps, then switches to Adam steps scaled by r_t, which grows from near 0 to 1. Its first steps are lr × the gradient, not lr × ±1 as in Adam, so a large Adam-sized lr can overshoot on steep problems.',
      zh: 'Adam 的二阶矩估计 v 起初只基于少数几个梯度，所以最初几步可能很剧烈；这就是 Adam 常常需要预热的原因。RAdam 把预热内置其中：在估计还不可靠时（ρ_t ≤ 5）采取普通的动量步，之后切换为按 r_t 缩放的 Adam 步，r_t 从接近 0 增长到 1。它最初几步的步长是 lr × 梯度，而不是像 Adam 那样的 lr × ±1，所以在陡峭的问题上，按 Adam 的量级设置的大学习率可能会冲过头。',
    },
  },
  adadelta: {
    title: 'Adadelta',
    torch: 'torch.optim.Adadelta',
    tex: [
      GRAD,
      R`v_t \leftarrow \rho\, v_{t-1} + (1-\rho)\, g_t^2`,
      R`\Delta x_t \leftarrow \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t, \qquad u_t \leftarrow \rho\, u_{t-1} + (1-\rho)\, \Delta x_t^2`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \Delta x_t`,
    ],
    symbols: [[R`\gamma`, { en: 'lr (default 1)', zh: 'lr（默认 1）' }], [R`\rho`, 'rho'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, { en: 'eps (default 1e-6)', zh: 'eps（默认 1e-6）' }]],
    intuition: {
      en: 'RMSprop whose numerator is not a learning rate but the running size of its own past steps (u): the units of the step match the units of the parameters, and lr = 1 is the intended setting. It starts very slowly (u starts at 0, so the first steps are about √eps = 0.001 × the normalised gradient) and speeds up as its steps grow.',
      zh: '分子不是学习率、而是自身过去步长的滑动大小（u）的 RMSprop：步长的单位与参数的单位一致，lr = 1 就是预期的设置。它起步非常慢（u 从 0 开始，所以最初几步约为 √eps = 0.001 × 归一化梯度），随着步长变大而加速。',
    },
  },
  adamax: {
    title: 'Adamax',
    torch: 'torch.optim.Adamax',
    tex: [
      GRAD,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t`,
      R`u_t \leftarrow \max\bigl(\beta_2\, u_{t-1},\; |g_t| + \epsilon\bigr)`,
      R`\theta_t \leftarrow \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\, \frac{m_t}{u_t}`,
    ],
    symbols: [[R`\gamma`, { en: 'lr (default 2e-3)', zh: 'lr（默认 2e-3）' }], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, { en: 'eps (inside the max)', zh: 'eps（在 max 之内）' }]],
    intuition: {
      en: 'Adam with the root-mean-square of the gradient replaced by a slowly decaying maximum of its size. One large gradient keeps the steps of that parameter small for a while (u decays by β₂ per step), which makes Adamax steadier than Adam when gradients are occasionally huge.',
      zh: '把梯度的均方根换成梯度大小的缓慢衰减最大值的 Adam。一次很大的梯度会让该参数在一段时间内步长都很小（u 每步按 β₂ 衰减），因此当梯度偶尔极大时，Adamax 比 Adam 更稳定。',
    },
  },
  rprop: {
    title: { en: 'Rprop (resilient propagation)', zh: 'Rprop（弹性反向传播）' },
    torch: 'torch.optim.Rprop',
    tex: [
      R`s_i \leftarrow \begin{cases} \min(s_i\,\eta_{+},\; \Gamma_{\max}) & g_{t,i}\, g_{t-1,i} > 0 \\ \max(s_i\,\eta_{-},\; \Gamma_{\min}), \;\; g_{t,i} \leftarrow 0 & g_{t,i}\, g_{t-1,i} < 0 \\ s_i & \text{otherwise} \end{cases} \qquad s_i = \gamma \text{ at the start}`,
      R`\theta_{t,i} \leftarrow \theta_{t-1,i} - \operatorname{sign}(g_{t,i})\, s_i`,
    ],
    symbols: [[R`\gamma`, { en: 'lr (the first step size only)', zh: 'lr（仅为第一步的步长）' }], [R`\eta_{-}, \eta_{+}`, 'etas'], [R`\Gamma_{\min}, \Gamma_{\max}`, 'step_sizes']],
    intuition: {
      en: 'Rprop ignores the size of the gradient and uses only its sign. Each parameter has its own step size: it grows by η₊ (1.2) while the sign stays the same and shrinks by η₋ (0.5) when the sign flips, the sign of having jumped over a minimum. It is fast and robust on full batches; with mini-batches the signs are noisy and it fails, which is why it is rarely used for SGD. lr only sets the first step: a schedule has no effect after it.',
      zh: 'Rprop 忽略梯度的大小，只使用它的符号。每个参数都有自己的步长：符号保持不变时按 η₊（1.2）增大，符号翻转时按 η₋（0.5）缩小，因为符号翻转说明跳过了一个极小值。它在全批量上快速而稳健；在小批量上符号带有噪声，它就会失效，这就是它很少用于 SGD 的原因。lr 只设定第一步：之后学习率调度不起作用。',
    },
  },
  lbfgs: {
    title: { en: 'L-BFGS (limited-memory BFGS)', zh: 'L-BFGS（有限内存 BFGS）' },
    torch: 'torch.optim.LBFGS',
    tex: [
      R`d_t = -H_t\, g_t, \qquad H_t \approx (\nabla^2 f)^{-1} \text{ from the last } m \text{ pairs } s_k = \theta_{k+1} - \theta_k,\; y_k = g_{k+1} - g_k`,
      R`\theta_t \leftarrow \theta_{t-1} + \alpha_t\, d_t, \qquad \alpha_t = \gamma \text{ or a strong-Wolfe line search}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`m`, 'history_size'], [R`\alpha_t`, 'line_search_fn'], [R`H_t`, { en: 'the two-loop recursion over the pairs (H₀ = sᵀy / yᵀy)', zh: '对这些向量对做的双循环递推（H₀ = sᵀy / yᵀy）' }]],
    intuition: {
      en: 'L-BFGS learns the curvature from how the gradient changed over the last few steps and bends the step accordingly: along a flat direction it goes far, along a steep one it goes short. On a smooth full-batch problem it reaches the optimum in a handful of steps where gradient descent needs hundreds. One step() evaluates the objective several times (up to max_iter inner iterations and the line search), so compare it on the samples axis. It needs exact gradients: with mini-batches the curvature estimates are noise.',
      zh: 'L-BFGS 从最近几步梯度的变化中学习曲率，并据此弯折步子：沿平坦方向走得远，沿陡峭方向走得近。在光滑的全批量问题上，它只需寥寥几步就能到达最优点，而梯度下降需要数百步。一次 step() 会多次计算目标函数（最多 max_iter 次内部迭代，外加线搜索），所以要在样本数坐标轴上比较它。它需要精确的梯度：用小批量时，曲率估计只是噪声。',
    },
  },
  newton: {
    title: { en: 'Damped Newton (not in torch)', zh: '阻尼牛顿法（torch 中没有）' },
    torch: { en: '(none: descent\'s own, for models with an exact Hessian)', zh: '（无：descent 自带，用于有精确海森矩阵的模型）' },
    tex: [R`\theta_t \leftarrow \theta_{t-1} - \gamma\, (H + \lambda I)^{-1}\, \nabla f(\theta_{t-1})`],
    symbols: [[R`\gamma`, 'lr'], [R`\lambda`, 'damping'], [R`H`, { en: 'the exact Hessian ∇²f at θ', zh: 'θ 处的精确海森矩阵 ∇²f' }]],
    intuition: {
      en: 'Newton\'s method fits a quadratic bowl to the objective at the current point and jumps to its bottom. On a quadratic objective (least squares) one step at lr 1 lands exactly on the optimum, whatever the conditioning. Each step solves a system with the Hessian, which costs the square of the parameter count in memory and its cube in time, so it is for small models. Where the surface curves down (a saddle) the bowl has no bottom: the run stops as failed; damping λ adds curvature and shortens the step.',
      zh: '牛顿法在当前点用一个二次碗拟合目标函数，然后跳到碗底。在二次目标函数（最小二乘）上，lr 1 的一步就恰好落在最优点，无论条件数如何。每一步都要解一个以海森矩阵为系数的线性方程组，内存开销是参数个数的平方，时间开销是其立方，所以它只适合小模型。在曲面向下弯曲的地方（鞍点），碗没有底：运行以失败（failed）停止；阻尼 λ 增加曲率并缩短步长。',
    },
  },
};

/** @type {Record<string, Card>} */
export const SCHEDULE_CARDS = {
  constant: {
    title: { en: 'Constant rate', zh: '固定学习率' },
    torch: { en: '(no scheduler)', zh: '（无调度器）' },
    tex: [R`\eta_t = \eta_0`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`t`, { en: 'schedule steps (per epoch or per iteration)', zh: '调度步数（按轮次或按迭代）' }]],
    intuition: {
      en: 'The same rate for every update. Simple and often enough; but with stochastic gradients the noise of each step is proportional to the rate, so SGD at a constant rate stops improving at a noise floor above the optimum. Decaying the rate lowers that floor.',
      zh: '每次更新都用同样的学习率。简单，而且常常够用；但使用随机梯度时，每一步的噪声与学习率成正比，所以固定学习率的 SGD 会停在高于最优值的噪声底，不再改进。让学习率衰减就能降低这个噪声底。',
    },
  },
  exponential: {
    title: { en: 'Exponential decay (or growth)', zh: '指数衰减（或增长）' },
    torch: 'torch.optim.lr_scheduler.ExponentialLR',
    tex: [R`\eta_t = \eta_0\, \gamma^{\,t}`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`\gamma`, 'gamma'], [R`t`, { en: 'schedule steps', zh: '调度步数' }]],
    intuition: {
      en: 'The rate is multiplied by γ every step: γ = 0.95 halves it every 14 steps. Smooth and easy, but it never stops shrinking, so too small a γ freezes training early. γ > 1 makes the rate grow exponentially: that is a learning-rate range test, which shows where the loss starts to explode.',
      zh: '每一步把学习率乘以 γ：γ = 0.95 时每 14 步减半。平滑而简单，但它永不停止缩小，所以 γ 太小会让训练过早冻结。γ > 1 让学习率指数增长：这就是学习率范围测试，它能显示损失从哪里开始爆炸。',
    },
  },
  step: {
    title: { en: 'Step decay', zh: '阶梯衰减' },
    torch: 'torch.optim.lr_scheduler.StepLR',
    tex: [R`\eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`\gamma`, { en: 'gamma (default 0.1)', zh: 'gamma（默认 0.1）' }], [R`s`, 'step_size']],
    intuition: {
      en: 'The classic recipe: train at a rate until progress stalls, then cut it by 10×. Each cut makes the loss drop visibly, because the noise floor drops with the rate.',
      zh: '经典做法：以某个学习率训练到进展停滞，再把它除以 10。每次缩小都会让损失明显下降，因为噪声底随学习率一起下降。',
    },
  },
  multistep: {
    title: { en: 'Multi-step decay', zh: '多阶梯衰减' },
    torch: 'torch.optim.lr_scheduler.MultiStepLR',
    tex: [R`\eta_t = \eta_0\, \gamma^{\,\lvert\{\, m \in \text{milestones} \,:\, m \le t \,\}\rvert}`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`\gamma`, { en: 'gamma (default 0.1)', zh: 'gamma（默认 0.1）' }], [R`m`, 'milestones']],
    intuition: {
      en: 'Step decay at chosen steps instead of a fixed period: the rate is multiplied by γ at each milestone passed. The milestones are where you expect (or saw) the loss flatten.',
      zh: '在选定的步数处做阶梯衰减，而不是按固定周期：每越过一个里程碑，学习率就乘以 γ。里程碑应设在你预期（或已观察到）损失变平的地方。',
    },
  },
  cosine: {
    title: { en: 'Cosine annealing', zh: '余弦退火' },
    torch: 'torch.optim.lr_scheduler.CosineAnnealingLR',
    tex: [R`\eta_t = \eta_{\min} + \tfrac12\,(\eta_0 - \eta_{\min})\Bigl(1 + \cos\frac{\pi\, t}{T_{\max}}\Bigr)`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`\eta_{\min}`, 'eta_min'], [R`T_{\max}`, { en: 'T_max (default: the run\'s length)', zh: 'T_max（默认：运行的长度）' }]],
    intuition: {
      en: 'Half a cosine wave from the full rate down to η_min: the rate stays high for a long time (fast progress), then falls smoothly to nearly 0 at the end (down to the noise floor and below). It has no milestones to choose, which is why it is a common default.',
      zh: '从完整学习率到 η_min 的半个余弦波：学习率在很长时间内保持较高（进展快），最后平滑地降到接近 0（降到噪声底及以下）。它不需要选择里程碑，这就是它成为常用默认选项的原因。',
    },
  },
  cosine_warm_restarts: {
    title: { en: 'Cosine with warm restarts (SGDR)', zh: '带热重启的余弦退火（SGDR）' },
    torch: 'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts',
    tex: [
      R`\eta_t = \eta_{\min} + \tfrac12\,(\eta_0 - \eta_{\min})\Bigl(1 + \cos\frac{\pi\, T_{\mathrm{cur}}}{T_i}\Bigr)`,
      R`T_i = T_0\, T_{\mathrm{mult}}^{\,i}, \qquad T_{\mathrm{cur}} = \text{steps since the last restart}`,
    ],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`T_0`, 'T_0'], [R`T_{\mathrm{mult}}`, 'T_mult'], [R`\eta_{\min}`, 'eta_min']],
    intuition: {
      en: 'Cosine annealing over and over: at each restart the rate jumps back to the full value. A restart can kick the parameters out of a narrow basin into a wider one; with T_mult > 1 each cycle is longer than the last.',
      zh: '一遍又一遍的余弦退火：每次重启时学习率跳回完整值。重启可以把参数从狭窄的盆地踢进更宽的盆地；T_mult > 1 时，每个周期都比上一个更长。',
    },
  },
  linear: {
    title: { en: 'Linear warm-up (or decay)', zh: '线性预热（或衰减）' },
    torch: 'torch.optim.lr_scheduler.LinearLR',
    tex: [R`\eta_t = \eta_0 \Bigl(s + (e - s)\, \frac{\min(t, T)}{T}\Bigr)`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`s`, 'start_factor'], [R`e`, 'end_factor'], [R`T`, 'total_iters']],
    intuition: {
      en: 'The rate moves in a straight line from s·lr to e·lr over T steps and stays there. With s < e it is a warm-up: small steps while the first gradients (and Adam\'s moment estimates) are unreliable, then the full rate.',
      zh: '学习率在 T 步内沿直线从 s·lr 变到 e·lr，然后保持不变。s < e 时这就是预热：在最初的梯度（以及 Adam 的矩估计）还不可靠时迈小步，之后再用完整学习率。',
    },
  },
  polynomial: {
    title: { en: 'Polynomial decay', zh: '多项式衰减' },
    torch: 'torch.optim.lr_scheduler.PolynomialLR',
    tex: [R`\eta_t = \eta_0 \Bigl(1 - \frac{\min(t, T)}{T}\Bigr)^{p}`],
    symbols: [[R`\eta_0`, { en: 'the optimizer\'s lr', zh: '优化器的 lr' }], [R`T`, 'total_iters'], [R`p`, 'power']],
    intuition: {
      en: 'Decays to exactly 0 after T steps; power 1 is a straight line, larger powers drop fast at first and flatten near the end. After T steps the rate is 0 and nothing moves any more.',
      zh: '在 T 步后恰好衰减到 0；power 为 1 时是一条直线，power 越大，起初下降越快、接近结束时越平缓。T 步之后学习率为 0，参数不再移动。',
    },
  },
  one_cycle: {
    title: { en: 'One cycle', zh: '单周期' },
    torch: 'torch.optim.lr_scheduler.OneCycleLR',
    tex: [
      R`\eta_{\mathrm{start}} = \frac{\eta_{\max}}{\text{div}}, \qquad \eta_{\mathrm{end}} = \frac{\eta_{\mathrm{start}}}{\text{final\_div}}`,
      R`\eta_t = \begin{cases} \operatorname{anneal}\bigl(\eta_{\mathrm{start}} \to \eta_{\max},\; \tfrac{t}{pT - 1}\bigr) & t \le pT - 1 \\ \operatorname{anneal}\bigl(\eta_{\max} \to \eta_{\mathrm{end}},\; \tfrac{t - (pT - 1)}{T - pT}\bigr) & \text{after} \end{cases}`,
      R`\operatorname{anneal}(a \to b,\, x) = b + \tfrac12\,(a - b)(1 + \cos \pi x) \quad (\text{cos; linear: } a + (b - a)\,x)`,
    ],
    symbols: [[R`\eta_{\max}`, { en: 'max_lr (default: the optimizer\'s lr)', zh: 'max_lr（默认：优化器的 lr）' }], [R`T`, { en: 'total_steps (default: the run\'s length)', zh: 'total_steps（默认：运行的长度）' }], [R`p`, 'pct_start'], [R`\text{div}`, 'div_factor'], [R`\text{final\_div}`, 'final_div_factor']],
    intuition: {
      en: 'Warm-up and annealing in one schedule: the rate climbs from max_lr/25 to max_lr over the first 30% of the run, then anneals to almost 0. The high middle phase moves fast and tolerates a larger peak rate than a constant schedule would; the long tail settles into the minimum. (three_phase adds a descent back to the start rate before the final tail.)',
      zh: '预热和退火合为一个调度：学习率在运行的前 30% 内从 max_lr/25 升到 max_lr，然后退火到接近 0。中间的高学习率阶段前进得快，能承受比固定调度更大的峰值学习率；长长的尾段则让参数稳定地落入极小值。（three_phase 会在最后的尾段之前再加一段降回起始学习率的阶段。）',
    },
  },
  cyclic: {
    title: { en: 'Cyclic (triangular)', zh: '循环（三角波）' },
    torch: 'torch.optim.lr_scheduler.CyclicLR',
    tex: [
      R`c = \Bigl\lfloor 1 + \frac{t}{u + d} \Bigr\rfloor, \qquad x = 1 + \frac{t}{u + d} - c, \qquad r = \frac{u}{u + d}`,
      R`h = \begin{cases} x / r & x \le r \\ (x - 1)/(r - 1) & x > r \end{cases}`,
      R`\eta_t = \eta_{\mathrm{base}} + (\eta_{\max} - \eta_{\mathrm{base}})\, h\, a, \qquad a = \begin{cases} 1 & \text{triangular} \\ 2^{-(c-1)} & \text{triangular2} \\ \gamma^{\,t} & \text{exp\_range} \end{cases}`,
    ],
    symbols: [[R`\eta_{\mathrm{base}}`, { en: 'base_lr (default: the optimizer\'s lr)', zh: 'base_lr（默认：优化器的 lr）' }], [R`\eta_{\max}`, 'max_lr'], [R`u, d`, 'step_size_up, step_size_down'], [R`\gamma`, 'gamma']],
    intuition: {
      en: 'The rate goes up and down between base_lr and max_lr in a triangle wave: u steps up, d steps down. The high phases explore, the low phases settle. triangular2 halves the height every cycle, so the wave dies down like a decay schedule.',
      zh: '学习率以三角波在 base_lr 和 max_lr 之间上下往复：上升 u 步，下降 d 步。高学习率阶段用于探索，低学习率阶段用于稳定。triangular2 每个周期把波高减半，所以波形会像衰减调度一样逐渐消退。',
    },
  },
  sequential: {
    title: { en: 'Sequential (e.g. warm-up, then cosine)', zh: '顺序组合（如先预热再余弦）' },
    torch: 'torch.optim.lr_scheduler.SequentialLR',
    tex: [
      R`k = \bigl\lvert\{\, i : m_i \le t \,\}\bigr\rvert, \qquad \eta_t = \text{schedulers}[k]\bigl(t - m_k\bigr), \quad m_0 = 0`,
    ],
    symbols: [[R`m_i`, 'milestones'], [R`\text{schedulers}[k]`, { en: 'schedulers: each counts its own steps from 0 at its milestone', zh: 'schedulers：每个调度从它的里程碑开始从 0 计数自己的步数' }]],
    intuition: {
      en: 'Several schedules one after the other, each taking over at its milestone and starting from its own step 0. The default is the tutorials\' recipe: a linear warm-up for 5 steps, then cosine annealing to the end of the run.',
      zh: '多个调度一个接一个，每个在自己的里程碑处接管，并从自己的第 0 步开始计数。默认的是教程中的做法：先线性预热 5 步，再用余弦退火直到运行结束。',
    },
  },
  reduce_on_plateau: {
    title: { en: 'Reduce on plateau', zh: '平台时衰减' },
    torch: 'torch.optim.lr_scheduler.ReduceLROnPlateau',
    tex: [
      R`\text{bad} \leftarrow \begin{cases} 0, \;\; \text{best} \leftarrow L_t & L_t < \text{best}\,(1 - \text{threshold}) \\ \text{bad} + 1 & \text{otherwise} \end{cases}`,
      R`\text{bad} > \text{patience}: \quad \eta \leftarrow \max(\eta \cdot \text{factor},\; \text{min\_lr}), \;\; \text{bad} \leftarrow 0, \;\; \text{wait cooldown steps}`,
    ],
    symbols: [[R`L_t`, { en: 'the training objective of the step (per epoch: averaged over the epoch\'s batches)', zh: '该步的训练目标（按轮次时：该轮次各批量的平均值）' }], [R`\text{factor}`, 'factor'], [R`\text{patience}`, 'patience'], [R`\text{threshold}`, { en: 'threshold (rel; abs: best − threshold)', zh: 'threshold（rel 为相对；abs 为绝对：best − threshold）' }]],
    intuition: {
      en: 'A schedule that watches the loss: when it has not improved for patience + 1 steps, the rate is multiplied by factor. It cuts the rate where the loss actually flattens, without choosing milestones in advance; noisy losses make it cut late (or early, if patience is too small).',
      zh: '一个观察损失的调度：当损失连续 patience + 1 步没有改善时，学习率乘以 factor。它在损失真正变平的地方降低学习率，无需预先选择里程碑；损失有噪声时，它会降得晚（若 patience 太小，则会降得早）。',
    },
  },
  bold_driver: {
    title: { en: 'Bold driver', zh: 'Bold driver 方法' },
    torch: { en: '(no torch class; Battiti 1989)', zh: '（torch 中没有对应的类；Battiti 1989）' },
    tex: [
      R`\eta \leftarrow \begin{cases} \eta \cdot \text{increase} & L_t \le L_{\mathrm{best}}\,(1 + \text{threshold}) \\ \eta \cdot \text{decrease}, \;\; \text{and the step is undone} & \text{otherwise} \end{cases}`,
    ],
    symbols: [[R`L_t`, { en: 'the training objective after the step (or the epoch)', zh: '这一步（或这一轮次）之后的训练目标' }], [R`\text{increase}`, { en: 'increase (1.05)', zh: 'increase（默认 1.05）' }], [R`\text{decrease}`, { en: 'decrease (0.5)', zh: 'decrease（默认 0.5）' }], [R`\text{threshold}`, { en: 'threshold (1e-5: float32 noise)', zh: 'threshold（1e-5：float32 噪声）' }]],
    intuition: {
      en: 'Trial and error on the rate itself: after a step that did not make the loss worse, grow the rate by 5%; after one that did, throw the step away and halve the rate. It finds the largest rate that still makes progress, even from a rate that would diverge; each undone step costs an evaluation, and noisy mini-batch losses confuse it.',
      zh: '对学习率本身反复试错：一步没有让损失变差，就把学习率提高 5%；一步让损失变差，就丢弃这一步并把学习率减半。它能找到仍能取得进展的最大学习率，即使从一个会发散的学习率开始也行；每次撤销的一步都要花费一次计算，带噪声的小批量损失会干扰它。',
    },
  },
};

/** The card of a control: ('optimizer', 'adam') → OPTIMIZER_CARDS.adam, or null. */
export function cardFor(table, kind) {
  const cards = table === 'optimizer' ? OPTIMIZER_CARDS : table === 'schedule' ? SCHEDULE_CARDS : null;
  return cards && Object.hasOwn(cards, kind) ? cards[kind] : null;
}
