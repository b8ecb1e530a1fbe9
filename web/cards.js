// cards.js — the explanation cards of the optimizers and the learning-rate schedules: data only (no DOM;
// tests/node/lessons.test.js checks that every kind in experiment.js has one). Adding a card is adding an
// entry here: {title, torch, tex: [display formulas, KaTeX's TeX], symbols: [[tex, field or words]],
// intuition: {en}}. explain.js renders them with KaTeX.
//
// Symbols are torch's: in torch.optim's documentation γ is the learning rate (lr, the schedule's value at
// that step), θ the parameters, g_t the gradient, λ weight_decay, μ momentum, τ dampening, β₁ β₂ the
// betas, ε eps; in torch.optim.lr_scheduler's, η_t is the rate at step t and γ the factor `gamma`. The
// rules are the ones descent computes (core/src/optim.c, sched.c) and README's "formula by formula".
// User-visible text is in {en: …} fields, next to which other languages go.

const R = String.raw;

/** Lines shared by every gradient-based card: where g_t comes from. */
const GRAD = R`g_t \leftarrow \nabla_\theta f_t(\theta_{t-1}) + \lambda\,\theta_{t-1}`;

/** @type {Record<string, {title: {en: string}, torch: string, tex: string[], symbols: [string, string][], intuition: {en: string}}>} */
export const OPTIMIZER_CARDS = {
  sgd: {
    title: { en: 'SGD, with momentum and Nesterov' },
    torch: 'torch.optim.SGD',
    tex: [
      GRAD,
      R`b_t \leftarrow \begin{cases} g_t & t = 1 \\ \mu\, b_{t-1} + (1-\tau)\, g_t & t > 1 \end{cases}`,
      R`g_t \leftarrow \begin{cases} g_t + \mu\, b_t & \text{nesterov} \\ b_t & \text{otherwise} \end{cases}`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, g_t`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\mu`, 'momentum'], [R`\tau`, 'dampening'], [R`\lambda`, 'weight_decay'], [R`f_t`, 'the loss on this step\'s batch']],
    intuition: { en: 'Plain SGD (μ = 0: the two middle lines are skipped) steps downhill by lr times the gradient of the current batch. Momentum keeps a running sum b of past gradients, like a heavy ball: directions where the gradient keeps its sign build up speed (the long axis of a valley), directions where it flips cancel out (the steep walls). Nesterov looks one step ahead, adding μ·b to the gradient, which damps the overshoot. With momentum μ the effective step is about lr/(1 − μ): 10× lr at μ = 0.9.' },
  },
  adagrad: {
    title: { en: 'AdaGrad' },
    torch: 'torch.optim.Adagrad',
    tex: [
      GRAD,
      R`\tilde\gamma \leftarrow \gamma \,/\, \bigl(1 + (t-1)\,\eta\bigr)`,
      R`s_t \leftarrow s_{t-1} + g_t^2, \qquad s_0 = \tau`,
      R`\theta_t \leftarrow \theta_{t-1} - \tilde\gamma\, \frac{g_t}{\sqrt{s_t} + \epsilon}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\eta`, 'lr_decay'], [R`\tau`, 'initial_accumulator_value'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: { en: 'Each parameter gets its own step size: lr divided by the root of the sum of all its squared gradients so far. Parameters with large gradients take small steps and rarely-updated ones take large steps, which evens out badly scaled features. The sum only grows, so the steps shrink forever: AdaGrad slows down by itself, which helps convex problems and hurts long training.' },
  },
  rmsprop: {
    title: { en: 'RMSprop' },
    torch: 'torch.optim.RMSprop',
    tex: [
      GRAD,
      R`v_t \leftarrow \alpha\, v_{t-1} + (1-\alpha)\, g_t^2`,
      R`\tilde v_t \leftarrow \begin{cases} v_t - \bigl(g^{\mathrm{ave}}_t\bigr)^2, \;\; g^{\mathrm{ave}}_t \leftarrow \alpha\, g^{\mathrm{ave}}_{t-1} + (1-\alpha)\, g_t & \text{centered} \\ v_t & \text{otherwise} \end{cases}`,
      R`b_t \leftarrow \mu\, b_{t-1} + \frac{g_t}{\sqrt{\tilde v_t} + \epsilon}, \qquad \theta_t \leftarrow \theta_{t-1} - \gamma\, b_t \quad (\mu > 0)`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{g_t}{\sqrt{\tilde v_t} + \epsilon} \quad (\mu = 0)`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\alpha`, 'alpha'], [R`\mu`, 'momentum'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: { en: 'AdaGrad with a memory that fades: v is a moving average of the squared gradient (over about 1/(1 − α) = 100 steps), so the per-parameter step size adapts to recent gradients and does not shrink forever. Every parameter moves about lr per step whatever its gradient\'s scale. Near a minimum that is also its weakness: with a constant lr it keeps bouncing at a distance of about lr.' },
  },
  adam: {
    title: { en: 'Adam' },
    torch: 'torch.optim.Adam',
    tex: [
      GRAD,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2`,
      R`\hat m_t \leftarrow \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t \leftarrow \frac{v_t}{1-\beta_2^t} \quad \Bigl(\text{amsgrad: } \hat v_t \leftarrow \frac{\max(v^{\max}_{t-1}, v_t)}{1-\beta_2^t}\Bigr)`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps (added after the bias correction)']],
    intuition: { en: 'Momentum (m, the average gradient) divided by RMSprop\'s scale (√v, the average size of the gradient), both corrected for starting at 0. The ratio m̂/√v̂ is about ±1 while the gradient is consistent, so each parameter moves about lr per step at first, whatever the scale of its gradient; near a minimum the gradient\'s sign flips, m̂ shrinks and the steps with it. Adam needs little tuning, which is why it is the default for networks; on a well-conditioned convex problem plain SGD with a good rate can beat it.' },
  },
  adamw: {
    title: { en: 'AdamW (decoupled weight decay)' },
    torch: 'torch.optim.AdamW',
    tex: [
      R`\theta_{t-1} \leftarrow \theta_{t-1} - \gamma\, \lambda\, \theta_{t-1}`,
      R`g_t \leftarrow \nabla_\theta f_t(\theta_{t-1})`,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{m_t / (1-\beta_1^t)}{\sqrt{v_t / (1-\beta_2^t)} + \epsilon}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\lambda`, 'weight_decay (default 0.01)'], [R`\beta_1, \beta_2`, 'betas'], [R`\epsilon`, 'eps']],
    intuition: { en: 'Adam whose weight decay shrinks the parameters directly, before the step, instead of being added to the gradient. In Adam, decay added to the gradient is divided by √v like everything else, so parameters with large gradients are hardly decayed; AdamW decays every parameter by the same fraction lr·λ per step. That is the form of L2 regularisation that works with adaptive methods.' },
  },
  nadam: {
    title: { en: 'NAdam (Adam with Nesterov momentum)' },
    torch: 'torch.optim.NAdam',
    tex: [
      GRAD,
      R`\mu_t \leftarrow \beta_1 \bigl(1 - \tfrac12\, 0.96^{\,t\psi}\bigr), \qquad \textstyle\Pi_t = \prod_{i \le t} \mu_i`,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, \qquad d_t = \sqrt{\frac{v_t}{1-\beta_2^t}} + \epsilon`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \frac{1-\mu_t}{1-\Pi_t}\, \frac{g_t}{d_t} - \gamma\, \frac{\mu_{t+1}}{1-\Pi_t\,\mu_{t+1}}\, \frac{m_t}{d_t}`,
    ],
    symbols: [[R`\gamma`, 'lr (default 2e-3)'], [R`\psi`, 'momentum_decay'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: { en: 'Adam with Nesterov\'s look-ahead: the step uses the momentum one step further on (μ_{t+1}·m) plus a share of the current gradient, so it reacts to a change of direction one step sooner. The momentum factor μ_t warms up slowly from β₁/2 towards β₁.' },
  },
  radam: {
    title: { en: 'RAdam (rectified Adam)' },
    torch: 'torch.optim.RAdam',
    tex: [
      GRAD,
      R`m_t,\; v_t \text{ as in Adam}, \qquad \hat m_t \leftarrow \frac{m_t}{1-\beta_1^t}`,
      R`\rho_\infty = \frac{2}{1-\beta_2} - 1, \qquad \rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1-\beta_2^t}`,
      R`r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\,\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\,\rho_t}}, \qquad l_t = \frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t} + \epsilon}`,
      R`\theta_t \leftarrow \begin{cases} \theta_{t-1} - \gamma\, \hat m_t\, r_t\, l_t & \rho_t > 5 \\ \theta_{t-1} - \gamma\, \hat m_t & \rho_t \le 5 \;(\text{the first 5 steps with } \beta_2 = 0.999) \end{cases}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps']],
    intuition: { en: 'Adam\'s second-moment estimate v rests on a handful of gradients at first, so its first steps can be wild; that is why Adam is often warmed up. RAdam builds the warm-up in: while the estimate is unreliable (ρ_t ≤ 5) it takes plain momentum steps, then switches to Adam steps scaled by r_t, which grows from near 0 to 1. Its first steps are lr × the gradient, not lr × ±1 as in Adam, so a large Adam-sized lr can overshoot on steep problems.' },
  },
  adadelta: {
    title: { en: 'Adadelta' },
    torch: 'torch.optim.Adadelta',
    tex: [
      GRAD,
      R`v_t \leftarrow \rho\, v_{t-1} + (1-\rho)\, g_t^2`,
      R`\Delta x_t \leftarrow \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t, \qquad u_t \leftarrow \rho\, u_{t-1} + (1-\rho)\, \Delta x_t^2`,
      R`\theta_t \leftarrow \theta_{t-1} - \gamma\, \Delta x_t`,
    ],
    symbols: [[R`\gamma`, 'lr (default 1)'], [R`\rho`, 'rho'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps (default 1e-6)']],
    intuition: { en: 'RMSprop whose numerator is not a learning rate but the running size of its own past steps (u): the units of the step match the units of the parameters, and lr = 1 is the intended setting. It starts very slowly (u starts at 0, so the first steps are about √eps = 0.001 × the normalised gradient) and speeds up as its steps grow.' },
  },
  adamax: {
    title: { en: 'Adamax' },
    torch: 'torch.optim.Adamax',
    tex: [
      GRAD,
      R`m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1)\, g_t`,
      R`u_t \leftarrow \max\bigl(\beta_2\, u_{t-1},\; |g_t| + \epsilon\bigr)`,
      R`\theta_t \leftarrow \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\, \frac{m_t}{u_t}`,
    ],
    symbols: [[R`\gamma`, 'lr (default 2e-3)'], [R`\beta_1, \beta_2`, 'betas'], [R`\lambda`, 'weight_decay'], [R`\epsilon`, 'eps (inside the max)']],
    intuition: { en: 'Adam with the root-mean-square of the gradient replaced by a slowly decaying maximum of its size. One large gradient keeps the steps of that parameter small for a while (u decays by β₂ per step), which makes Adamax steadier than Adam when gradients are occasionally huge.' },
  },
  rprop: {
    title: { en: 'Rprop (resilient propagation)' },
    torch: 'torch.optim.Rprop',
    tex: [
      R`s_i \leftarrow \begin{cases} \min(s_i\,\eta_{+},\; \Gamma_{\max}) & g_{t,i}\, g_{t-1,i} > 0 \\ \max(s_i\,\eta_{-},\; \Gamma_{\min}), \;\; g_{t,i} \leftarrow 0 & g_{t,i}\, g_{t-1,i} < 0 \\ s_i & \text{otherwise} \end{cases} \qquad s_i = \gamma \text{ at the start}`,
      R`\theta_{t,i} \leftarrow \theta_{t-1,i} - \operatorname{sign}(g_{t,i})\, s_i`,
    ],
    symbols: [[R`\gamma`, 'lr (the first step size only)'], [R`\eta_{-}, \eta_{+}`, 'etas'], [R`\Gamma_{\min}, \Gamma_{\max}`, 'step_sizes']],
    intuition: { en: 'Rprop ignores the size of the gradient and uses only its sign. Each parameter has its own step size: it grows by η₊ (1.2) while the sign stays the same and shrinks by η₋ (0.5) when the sign flips, the sign of having jumped over a minimum. It is fast and robust on full batches; with mini-batches the signs are noisy and it fails, which is why it is rarely used for SGD. lr only sets the first step: a schedule has no effect after it.' },
  },
  lbfgs: {
    title: { en: 'L-BFGS (limited-memory BFGS)' },
    torch: 'torch.optim.LBFGS',
    tex: [
      R`d_t = -H_t\, g_t, \qquad H_t \approx (\nabla^2 f)^{-1} \text{ from the last } m \text{ pairs } s_k = \theta_{k+1} - \theta_k,\; y_k = g_{k+1} - g_k`,
      R`\theta_t \leftarrow \theta_{t-1} + \alpha_t\, d_t, \qquad \alpha_t = \gamma \text{ or a strong-Wolfe line search}`,
    ],
    symbols: [[R`\gamma`, 'lr'], [R`m`, 'history_size'], [R`\alpha_t`, 'line_search_fn'], [R`H_t`, 'the two-loop recursion over the pairs (H₀ = sᵀy / yᵀy)']],
    intuition: { en: 'L-BFGS learns the curvature from how the gradient changed over the last few steps and bends the step accordingly: along a flat direction it goes far, along a steep one it goes short. On a smooth full-batch problem it reaches the optimum in a handful of steps where gradient descent needs hundreds. One step() evaluates the objective several times (up to max_iter inner iterations and the line search), so compare it on the samples axis. It needs exact gradients: with mini-batches the curvature estimates are noise.' },
  },
  newton: {
    title: { en: 'Damped Newton (not in torch)' },
    torch: '(none: descent\'s own, for models with an exact Hessian)',
    tex: [R`\theta_t \leftarrow \theta_{t-1} - \gamma\, (H + \lambda I)^{-1}\, \nabla f(\theta_{t-1})`],
    symbols: [[R`\gamma`, 'lr'], [R`\lambda`, 'damping'], [R`H`, 'the exact Hessian ∇²f at θ']],
    intuition: { en: 'Newton\'s method fits a quadratic bowl to the objective at the current point and jumps to its bottom. On a quadratic objective (least squares) one step at lr 1 lands exactly on the optimum, whatever the conditioning. Each step solves a system with the Hessian, which costs the square of the parameter count in memory and its cube in time, so it is for small models. Where the surface curves down (a saddle) the bowl has no bottom: the run stops as failed; damping λ adds curvature and shortens the step.' },
  },
};

/** @type {Record<string, {title: {en: string}, torch: string, tex: string[], symbols: [string, string][], intuition: {en: string}}>} */
export const SCHEDULE_CARDS = {
  constant: {
    title: { en: 'Constant rate' },
    torch: '(no scheduler)',
    tex: [R`\eta_t = \eta_0`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`t`, 'schedule steps (per epoch or per iteration)']],
    intuition: { en: 'The same rate for every update. Simple and often enough; but with stochastic gradients the noise of each step is proportional to the rate, so SGD at a constant rate stops improving at a noise floor above the optimum. Decaying the rate lowers that floor.' },
  },
  exponential: {
    title: { en: 'Exponential decay (or growth)' },
    torch: 'torch.optim.lr_scheduler.ExponentialLR',
    tex: [R`\eta_t = \eta_0\, \gamma^{\,t}`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`\gamma`, 'gamma'], [R`t`, 'schedule steps']],
    intuition: { en: 'The rate is multiplied by γ every step: γ = 0.95 halves it every 14 steps. Smooth and easy, but it never stops shrinking, so too small a γ freezes training early. γ > 1 makes the rate grow exponentially: that is a learning-rate range test, which shows where the loss starts to explode.' },
  },
  step: {
    title: { en: 'Step decay' },
    torch: 'torch.optim.lr_scheduler.StepLR',
    tex: [R`\eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`\gamma`, 'gamma (default 0.1)'], [R`s`, 'step_size']],
    intuition: { en: 'The classic recipe: train at a rate until progress stalls, then cut it by 10×. Each cut makes the loss drop visibly, because the noise floor drops with the rate.' },
  },
  multistep: {
    title: { en: 'Multi-step decay' },
    torch: 'torch.optim.lr_scheduler.MultiStepLR',
    tex: [R`\eta_t = \eta_0\, \gamma^{\,\lvert\{\, m \in \text{milestones} \,:\, m \le t \,\}\rvert}`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`\gamma`, 'gamma (default 0.1)'], [R`m`, 'milestones']],
    intuition: { en: 'Step decay at chosen steps instead of a fixed period: the rate is multiplied by γ at each milestone passed. The milestones are where you expect (or saw) the loss flatten.' },
  },
  cosine: {
    title: { en: 'Cosine annealing' },
    torch: 'torch.optim.lr_scheduler.CosineAnnealingLR',
    tex: [R`\eta_t = \eta_{\min} + \tfrac12\,(\eta_0 - \eta_{\min})\Bigl(1 + \cos\frac{\pi\, t}{T_{\max}}\Bigr)`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`\eta_{\min}`, 'eta_min'], [R`T_{\max}`, 'T_max (default: the run\'s length)']],
    intuition: { en: 'Half a cosine wave from the full rate down to η_min: the rate stays high for a long time (fast progress), then falls smoothly to nearly 0 at the end (down to the noise floor and below). It has no milestones to choose, which is why it is a common default.' },
  },
  cosine_warm_restarts: {
    title: { en: 'Cosine with warm restarts (SGDR)' },
    torch: 'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts',
    tex: [
      R`\eta_t = \eta_{\min} + \tfrac12\,(\eta_0 - \eta_{\min})\Bigl(1 + \cos\frac{\pi\, T_{\mathrm{cur}}}{T_i}\Bigr)`,
      R`T_i = T_0\, T_{\mathrm{mult}}^{\,i}, \qquad T_{\mathrm{cur}} = \text{steps since the last restart}`,
    ],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`T_0`, 'T_0'], [R`T_{\mathrm{mult}}`, 'T_mult'], [R`\eta_{\min}`, 'eta_min']],
    intuition: { en: 'Cosine annealing over and over: at each restart the rate jumps back to the full value. A restart can kick the parameters out of a narrow basin into a wider one; with T_mult > 1 each cycle is longer than the last.' },
  },
  linear: {
    title: { en: 'Linear warm-up (or decay)' },
    torch: 'torch.optim.lr_scheduler.LinearLR',
    tex: [R`\eta_t = \eta_0 \Bigl(s + (e - s)\, \frac{\min(t, T)}{T}\Bigr)`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`s`, 'start_factor'], [R`e`, 'end_factor'], [R`T`, 'total_iters']],
    intuition: { en: 'The rate moves in a straight line from s·lr to e·lr over T steps and stays there. With s < e it is a warm-up: small steps while the first gradients (and Adam\'s moment estimates) are unreliable, then the full rate.' },
  },
  polynomial: {
    title: { en: 'Polynomial decay' },
    torch: 'torch.optim.lr_scheduler.PolynomialLR',
    tex: [R`\eta_t = \eta_0 \Bigl(1 - \frac{\min(t, T)}{T}\Bigr)^{p}`],
    symbols: [[R`\eta_0`, 'the optimizer\'s lr'], [R`T`, 'total_iters'], [R`p`, 'power']],
    intuition: { en: 'Decays to exactly 0 after T steps; power 1 is a straight line, larger powers drop fast at first and flatten near the end. After T steps the rate is 0 and nothing moves any more.' },
  },
  one_cycle: {
    title: { en: 'One cycle' },
    torch: 'torch.optim.lr_scheduler.OneCycleLR',
    tex: [
      R`\eta_{\mathrm{start}} = \frac{\eta_{\max}}{\text{div}}, \qquad \eta_{\mathrm{end}} = \frac{\eta_{\mathrm{start}}}{\text{final\_div}}`,
      R`\eta_t = \begin{cases} \operatorname{anneal}\bigl(\eta_{\mathrm{start}} \to \eta_{\max},\; \tfrac{t}{pT - 1}\bigr) & t \le pT - 1 \\ \operatorname{anneal}\bigl(\eta_{\max} \to \eta_{\mathrm{end}},\; \tfrac{t - (pT - 1)}{T - pT}\bigr) & \text{after} \end{cases}`,
      R`\operatorname{anneal}(a \to b,\, x) = b + \tfrac12\,(a - b)(1 + \cos \pi x) \quad (\text{cos; linear: } a + (b - a)\,x)`,
    ],
    symbols: [[R`\eta_{\max}`, 'max_lr (default: the optimizer\'s lr)'], [R`T`, 'total_steps (default: the run\'s length)'], [R`p`, 'pct_start'], [R`\text{div}`, 'div_factor'], [R`\text{final\_div}`, 'final_div_factor']],
    intuition: { en: 'Warm-up and annealing in one schedule: the rate climbs from max_lr/25 to max_lr over the first 30% of the run, then anneals to almost 0. The high middle phase moves fast and tolerates a larger peak rate than a constant schedule would; the long tail settles into the minimum. (three_phase adds a descent back to the start rate before the final tail.)' },
  },
  cyclic: {
    title: { en: 'Cyclic (triangular)' },
    torch: 'torch.optim.lr_scheduler.CyclicLR',
    tex: [
      R`c = \Bigl\lfloor 1 + \frac{t}{u + d} \Bigr\rfloor, \qquad x = 1 + \frac{t}{u + d} - c, \qquad r = \frac{u}{u + d}`,
      R`h = \begin{cases} x / r & x \le r \\ (x - 1)/(r - 1) & x > r \end{cases}`,
      R`\eta_t = \eta_{\mathrm{base}} + (\eta_{\max} - \eta_{\mathrm{base}})\, h\, a, \qquad a = \begin{cases} 1 & \text{triangular} \\ 2^{-(c-1)} & \text{triangular2} \\ \gamma^{\,t} & \text{exp\_range} \end{cases}`,
    ],
    symbols: [[R`\eta_{\mathrm{base}}`, 'base_lr (default: the optimizer\'s lr)'], [R`\eta_{\max}`, 'max_lr'], [R`u, d`, 'step_size_up, step_size_down'], [R`\gamma`, 'gamma']],
    intuition: { en: 'The rate goes up and down between base_lr and max_lr in a triangle wave: u steps up, d steps down. The high phases explore, the low phases settle. triangular2 halves the height every cycle, so the wave dies down like a decay schedule.' },
  },
  sequential: {
    title: { en: 'Sequential (e.g. warm-up, then cosine)' },
    torch: 'torch.optim.lr_scheduler.SequentialLR',
    tex: [
      R`k = \bigl\lvert\{\, i : m_i \le t \,\}\bigr\rvert, \qquad \eta_t = \text{schedulers}[k]\bigl(t - m_k\bigr), \quad m_0 = 0`,
    ],
    symbols: [[R`m_i`, 'milestones'], [R`\text{schedulers}[k]`, 'schedulers: each counts its own steps from 0 at its milestone']],
    intuition: { en: 'Several schedules one after the other, each taking over at its milestone and starting from its own step 0. The default is the tutorials\' recipe: a linear warm-up for 5 steps, then cosine annealing to the end of the run.' },
  },
  reduce_on_plateau: {
    title: { en: 'Reduce on plateau' },
    torch: 'torch.optim.lr_scheduler.ReduceLROnPlateau',
    tex: [
      R`\text{bad} \leftarrow \begin{cases} 0, \;\; \text{best} \leftarrow L_t & L_t < \text{best}\,(1 - \text{threshold}) \\ \text{bad} + 1 & \text{otherwise} \end{cases}`,
      R`\text{bad} > \text{patience}: \quad \eta \leftarrow \max(\eta \cdot \text{factor},\; \text{min\_lr}), \;\; \text{bad} \leftarrow 0, \;\; \text{wait cooldown steps}`,
    ],
    symbols: [[R`L_t`, 'the training objective of the step (per epoch: averaged over the epoch\'s batches)'], [R`\text{factor}`, 'factor'], [R`\text{patience}`, 'patience'], [R`\text{threshold}`, 'threshold (rel; abs: best − threshold)']],
    intuition: { en: 'A schedule that watches the loss: when it has not improved for patience + 1 steps, the rate is multiplied by factor. It cuts the rate where the loss actually flattens, without choosing milestones in advance; noisy losses make it cut late (or early, if patience is too small).' },
  },
  bold_driver: {
    title: { en: 'Bold driver' },
    torch: '(no torch class; Battiti 1989)',
    tex: [
      R`\eta \leftarrow \begin{cases} \eta \cdot \text{increase} & L_t \le L_{\mathrm{best}}\,(1 + \text{threshold}) \\ \eta \cdot \text{decrease}, \;\; \text{and the step is undone} & \text{otherwise} \end{cases}`,
    ],
    symbols: [[R`L_t`, 'the training objective after the step (or the epoch)'], [R`\text{increase}`, 'increase (1.05)'], [R`\text{decrease}`, 'decrease (0.5)'], [R`\text{threshold}`, 'threshold (1e-5: float32 noise)']],
    intuition: { en: 'Trial and error on the rate itself: after a step that did not make the loss worse, grow the rate by 5%; after one that did, throw the step away and halve the rate. It finds the largest rate that still makes progress, even from a rate that would diverge; each undone step costs an evaluation, and noisy mini-batch losses confuse it.' },
  },
};

/** The card of a control: ('optimizer', 'adam') → OPTIMIZER_CARDS.adam, or null. */
export function cardFor(table, kind) {
  const cards = table === 'optimizer' ? OPTIMIZER_CARDS : table === 'schedule' ? SCHEDULE_CARDS : null;
  return cards && Object.hasOwn(cards, kind) ? cards[kind] : null;
}
