//! The four benchmark workloads of the course companion (W1–W4), timed like the reference
//! scripts (PyTorch and numpy, one thread) and compared with them.
//!
//! Run: `cargo bench --bench workloads` (add `-- --quick` for fewer repetitions). Under
//! `cargo test --all-targets` it runs once per workload as a smoke test, and exits non-zero if a
//! run did not learn what the reference learns.
//! Each workload does the same arithmetic as its reference: same data recipe, network, optimiser,
//! batch size and number of steps; the last column checks that the run learned what the
//! reference learns. Each repetition runs twice, back to back: on one thread, and on all
//! cores (rayon's global pool, as in a notebook); the crate splits only large batches.
//!
//! The speed-ups compare with the figures of the benchmark definition (measured on an Intel
//! Xeon with AVX-512), or, when `MLP_BENCH_PYTHON` names a Python with numpy (and torch), with
//! the reference scripts run here, after each repetition (`make bench-reference`).

#[path = "support/reference.rs"]
mod reference;

use mlp_companion::Trainable;
use mlp_companion::prelude::*;
use mlp_companion::rand::Rng;
use reference::Python;
use std::sync::Mutex;
use std::time::Instant;

/// Figures of the benchmark definition (`WORKLOADS.md`: medians of PyTorch 2.15 and
/// hand-written numpy on one thread of an Intel Xeon with AVX-512), in the unit of the
/// workload's `Script::key`: seconds for W1–W3, samples per second for W4.
struct Quoted {
    torch: f64,
    numpy: f64,
}

/// A workload's reference script and the number its JSON line reports.
struct Script {
    file: &'static str,
    key: &'static str,
    quoted: Quoted,
    /// Matrix-product FLOPs of the timed region (`benches/reference/flops.py`).
    gemm_flops: f64,
}

const W1_SCRIPT: Script = Script {
    file: "w1_xor.py",
    key: "train_s",
    quoted: Quoted {
        torch: 1.01,
        numpy: 0.196,
    },
    gemm_flops: 0.615e9,
};
const W2_SCRIPT: Script = Script {
    file: "w2_moons.py",
    key: "train_s",
    quoted: Quoted {
        torch: 1.24,
        numpy: 1.31,
    },
    gemm_flops: 25.856e9,
};
const W3_SCRIPT: Script = Script {
    file: "w3_boundary.py",
    key: "grid_pass_median_s",
    quoted: Quoted {
        torch: 0.170,
        numpy: 0.102,
    },
    gemm_flops: 2.176e9,
};
const W4_SCRIPT: Script = Script {
    file: "w4_mnist_shaped.py",
    key: "samples_per_s",
    quoted: Quoted {
        torch: 69_600.0,
        numpy: 137_000.0,
    },
    gemm_flops: 13.632e9,
};

fn main() -> Result<()> {
    // `cargo bench` passes --bench; `cargo test` does not, and then one repetition is enough.
    let quick =
        std::env::args().any(|a| a == "--quick") || !std::env::args().any(|a| a == "--bench");
    let reps = |n: usize| if quick { 1.max(n / 3) } else { n };
    let bench = Bench::new().unwrap_or_else(|e| fail(&e));
    println!(
        "mlp_companion benchmark: median wall time of the timed region, each repetition run on \
         one thread and then on all {} cores, side by side\n",
        bench.cores
    );
    let cpu = cpu_model();
    println!("CPU: {cpu}");
    println!("{}", simd_kernels());
    println!(
        "matrix-product ceiling here: {:.0} GFLOP/s on one thread (matrixmultiply, 512³ product)",
        sgemm_gflops(512, if quick { 3 } else { 15 })
    );
    match &bench.python {
        Some(py) => println!(
            "reference columns: the reference scripts, run here after each repetition ({})\n",
            py.versions
        ),
        None => {
            println!(
                "reference columns: figures quoted from the benchmark definition (Intel Xeon \
                 with AVX-512); set MLP_BENCH_PYTHON or run `make bench-reference` to measure \
                 them here"
            );
            if !cpu.contains("Xeon") {
                // PyTorch ran W1 1.9–2.9× faster on a Zen 5 EPYC than the quoted figure
                println!(
                    "NOTE: this CPU is not the definition's, so the ×torch and ×numpy columns \
                     compare two machines; `make bench-reference` compares on this one"
                );
            }
            println!();
        }
    }
    println!(
        "{:<36} {:>10} {:>10} {:>7} {:>10} {:>7} {:>10} {:>7}  check",
        "workload", "1 thread", "all cores", "GFLOP/s", "PyTorch", "×torch", "numpy", "×numpy"
    );
    // `cargo bench --bench workloads -- w1 w3` runs only the named workloads
    let named: Vec<String> = std::env::args().filter(|a| a.starts_with('w')).collect();
    let run = |id: &str| named.is_empty() || named.iter().any(|n| n == id);
    let mut checks = Vec::new();
    if run("w1") {
        checks.push(w1(&bench, reps(10))?);
    }
    if run("w2") {
        checks.push(w2(&bench, reps(5))?);
    }
    if run("w3") {
        checks.push(w3(&bench, reps(10))?);
    }
    if run("w4") {
        checks.push(w4(&bench, reps(5))?);
    }
    println!(
        "\nGFLOP/s: the workload's matrix-product FLOPs (benches/reference/flops.py) per second \
         of the 1-thread median; speed-ups use the faster of the two columns."
    );
    if checks.contains(&false) {
        eprintln!("a workload did not reach the reference's accuracy (see the check column)");
        std::process::exit(1);
    }
    Ok(())
}

/// Ends the benchmark with `message` (a reference script that cannot run, say).
fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}

/// The CPU's model name (from `/proc/cpuinfo` on Linux).
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("model name"))?;
            Some(line.split(':').nth(1)?.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// Which matrix kernel matrixmultiply picks at run time on this CPU (it checks the same
/// features): the AVX2/FMA one is the fastest it has.
fn simd_kernels() -> String {
    #[cfg(target_arch = "x86_64")]
    {
        let fma = is_x86_feature_detected!("fma") && is_x86_feature_detected!("avx2");
        let avx512 = is_x86_feature_detected!("avx512f");
        format!(
            "SIMD: AVX2+FMA {}, AVX-512 {} → matrixmultiply uses its {} kernel",
            if fma { "yes" } else { "no" },
            if avx512 { "yes (unused)" } else { "no" },
            if fma { "AVX2/FMA" } else { "AVX or SSE2" }
        )
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        "SIMD: not x86-64; matrixmultiply uses its portable or NEON kernel".to_string()
    }
}

/// GFLOP/s of an `n × n` by `n × n` f32 product (median of `reps`): about the most this
/// machine's matrix kernel does on one thread, the ceiling of a workload's products.
fn sgemm_gflops(n: usize, reps: usize) -> f64 {
    let a = Array2::from_shape_fn((n, n), |(i, j)| ((i * 7 + j * 3) % 11) as f32 * 0.1);
    let mut c = Array2::<f32>::zeros((n, n));
    let times = (0..reps)
        .map(|_| {
            let t = Instant::now();
            ndarray::linalg::general_mat_mul(1.0, &a, &a, 0.0, &mut c);
            t.elapsed().as_secs_f64()
        })
        .collect();
    2.0 * (n * n * n) as f64 / median(times) / 1e9
}

/// Runs every repetition twice, back to back: inside a one-thread pool (the crate then does
/// everything on one core) and from the main thread with rayon's global pool (all cores),
/// as a notebook does; then, with `MLP_BENCH_PYTHON`, the reference scripts once each.
struct Bench {
    one_thread: rayon::ThreadPool,
    cores: usize,
    python: Option<Python>,
}

/// Medians of one workload: seconds (or samples/s) on one thread and on all cores.
struct Medians {
    one: f64,
    all: f64,
}

/// The reference figures a row compares with, in the unit of its script's key.
struct Figures {
    torch: Option<f64>,
    numpy: f64,
}

impl Bench {
    fn new() -> std::result::Result<Bench, String> {
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Bench {
            one_thread,
            cores: rayon::current_num_threads(),
            python: Python::from_env()?,
        })
    }

    /// `f(rep)` returns the timed region's seconds; returns the medians.
    fn measure(&self, reps: usize, f: impl Fn(usize) -> Result<f64> + Sync) -> Result<Medians> {
        self.measure_then(reps, f, || ())
    }

    /// Like `measure`, calling `then` after each repetition's pair of runs.
    fn measure_then(
        &self,
        reps: usize,
        f: impl Fn(usize) -> Result<f64> + Sync,
        mut then: impl FnMut(),
    ) -> Result<Medians> {
        let (mut one, mut all) = (Vec::new(), Vec::new());
        for rep in 0..reps {
            one.push(self.one_thread.install(|| f(rep))?);
            all.push(f(rep)?);
            then();
        }
        Ok(Medians {
            one: median(one),
            all: median(all),
        })
    }

    /// Like `measure`, and with `MLP_BENCH_PYTHON` runs `script`'s references after each
    /// repetition; returns their medians, or else the quoted figures.
    fn measure_beside(
        &self,
        reps: usize,
        script: &Script,
        f: impl Fn(usize) -> Result<f64> + Sync,
    ) -> Result<(Medians, Figures)> {
        let Some(py) = &self.python else {
            let quoted = Figures {
                torch: Some(script.quoted.torch),
                numpy: script.quoted.numpy,
            };
            return Ok((self.measure(reps, f)?, quoted));
        };
        let (mut torch, mut numpy) = (Vec::new(), Vec::new());
        let medians = self.measure_then(reps, f, || {
            numpy.push(reference_run(py, script, "numpy"));
            if py.has_torch {
                torch.push(reference_run(py, script, "torch"));
            }
        })?;
        let torch = (!torch.is_empty()).then(|| median(torch));
        let numpy = median(numpy);
        Ok((medians, Figures { torch, numpy }))
    }
}

/// One run of a reference script; a failure ends the benchmark with its message.
fn reference_run(py: &Python, script: &Script, implementation: &str) -> f64 {
    py.run(script.file, implementation, script.key)
        .unwrap_or_else(|e| fail(&e))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// How a row shows a time: in milliseconds, or as samples per second for `n` samples.
#[derive(Clone, Copy)]
enum Show {
    Millis,
    Rate(f64),
}

impl Show {
    fn fmt(self, secs: f64) -> String {
        match self {
            Show::Millis => format!("{:.1}ms", secs * 1e3),
            Show::Rate(n) => format!("{:.0}/s", n / secs),
        }
    }

    /// Seconds of a reference figure given in the unit of its script's key.
    fn secs(self, figure: f64) -> f64 {
        match self {
            Show::Millis => figure,
            Show::Rate(n) => n / figure,
        }
    }
}

/// One table row; the speed-ups use the faster of the two columns.
fn row(name: &str, m: &Medians, script: &Script, refs: &Figures, show: Show, check: &str) {
    let best = m.one.min(m.all);
    let columns = |figure: Option<f64>| match figure.map(|f| show.secs(f)) {
        Some(secs) => (show.fmt(secs), format!("{:.1}×", secs / best)),
        None => ("-".to_string(), "-".to_string()),
    };
    let ((torch, torch_ratio), (numpy, numpy_ratio)) =
        (columns(refs.torch), columns(Some(refs.numpy)));
    println!(
        "{name:<36} {:>10} {:>10} {:>7.1} {torch:>10} {torch_ratio:>7} {numpy:>10} {numpy_ratio:>7}  {check}",
        show.fmt(m.one),
        show.fmt(m.all),
        script.gemm_flops / m.one / 1e9,
    );
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "FAILED" }
}

/// Manual training loop, exactly like the reference scripts: shuffle, then
/// zero_grad → backward → step for every minibatch.
fn train_loop(
    model: &mut Mlp,
    opt: &mut impl Optimizer,
    data: &Dataset,
    batch: usize,
    epochs: usize,
    seed: u64,
) -> Result<usize> {
    let mut rng = seeded_rng(seed);
    let mut steps = 0;
    for _ in 0..epochs {
        for (x, y) in data.batches(batch, &mut rng)? {
            model.zero_grad();
            model.backward(&x, &y)?;
            opt.step(&mut model.parameters_mut())?;
            steps += 1;
        }
    }
    Ok(steps)
}

/// W1: XOR, 750 points x ~ U[-1, 1]², label x₁x₂ > 0; 2-50-25-2 ReLU; SGD 0.05; batch 32;
/// 100 epochs (2,400 steps).
fn w1(bench: &Bench, reps: usize) -> Result<bool> {
    let mut rng = seeded_rng(123);
    let x = Array2::from_shape_fn((750, 2), |_| rng.random_range(-1.0..1.0f32));
    let y = x
        .rows()
        .into_iter()
        .map(|r| usize::from(r[0] * r[1] > 0.0))
        .collect();
    let data = Dataset::with_classes(x, y, 2)?;
    let run = SgdRun {
        sizes: &[2, 50, 25, 2],
        lr: 0.05,
        batch: 32,
        epochs: 100,
        script: &W1_SCRIPT,
    };
    let (m, refs, learned) = run.time(bench, reps, &data, &data)?;
    let ok = learned.check(2400, 0.95);
    let check = format!("{} {}", learned.describe("train acc"), verdict(ok));
    row(
        "W1 XOR 2-50-25-2 SGD, 100 epochs",
        &m,
        &W1_SCRIPT,
        &refs,
        Show::Millis,
        &check,
    );
    Ok(ok)
}

/// A minibatch SGD workload (W1, W4): a fresh network per repetition, trained like the
/// reference scripts.
struct SgdRun<'a> {
    sizes: &'a [usize],
    lr: f32,
    batch: usize,
    epochs: usize,
    script: &'a Script,
}

impl SgdRun<'_> {
    /// Times the training on `train` and returns the medians, the reference figures and
    /// what every repetition learned (accuracy on `eval`).
    fn time(
        &self,
        bench: &Bench,
        reps: usize,
        train: &Dataset,
        eval: &Dataset,
    ) -> Result<(Medians, Figures, Learned)> {
        let learned = Mutex::new(Learned::default());
        let (m, refs) = bench.measure_beside(reps, self.script, |rep| {
            let mut model = mlp(self.sizes, 123 + rep as u64)?;
            let mut opt = Sgd::new(self.lr);
            let t = Instant::now();
            let steps = train_loop(&mut model, &mut opt, train, self.batch, self.epochs, 124)?;
            let secs = t.elapsed().as_secs_f64();
            learned.lock().unwrap().add(steps, model.accuracy(eval)?);
            Ok(secs)
        })?;
        Ok((m, refs, learned.into_inner().unwrap()))
    }
}

/// Step counts and accuracies of every repetition of a training workload.
#[derive(Default)]
struct Learned {
    steps: Vec<usize>,
    accuracies: Vec<f32>,
}

impl Learned {
    fn add(&mut self, steps: usize, accuracy: f32) {
        self.steps.push(steps);
        self.accuracies.push(accuracy);
    }

    fn worst_accuracy(&self) -> f32 {
        self.accuracies
            .iter()
            .copied()
            .fold(f32::INFINITY, f32::min)
    }

    /// Every repetition took `steps` steps and reached more than `accuracy`.
    fn check(&self, steps: usize, accuracy: f32) -> bool {
        self.steps.iter().all(|&s| s == steps) && self.worst_accuracy() > accuracy
    }

    /// E.g. "2400 steps, train acc ≥ 0.997", `what` naming the accuracy.
    fn describe(&self, what: &str) -> String {
        let (lo, hi) = (self.steps.iter().min(), self.steps.iter().max());
        let steps = match (lo, hi) {
            (Some(lo), Some(hi)) if lo != hi => format!("{lo}–{hi} steps"),
            (Some(s), _) => format!("{s} steps"),
            _ => "no steps".to_string(),
        };
        format!("{steps}, {what} ≥ {:.3}", self.worst_accuracy())
    }
}

fn mlp(sizes: &[usize], seed: u64) -> Result<Mlp> {
    let mut b = Mlp::builder(sizes[0]).seed(seed);
    for &h in &sizes[1..sizes.len() - 1] {
        b = b.hidden(h, Activation::Relu);
    }
    b.output(sizes[sizes.len() - 1]).build()
}

/// W2: moons (noise 0.2), 1,000 points; 2-64-64-2 ReLU; Adam 0.01; 1,000 full-batch steps.
fn w2(bench: &Bench, reps: usize) -> Result<bool> {
    let data = datasets::moons(1000, 0.2, 123)?;
    let learned = Mutex::new(Learned::default());
    let (m, refs) = bench.measure_beside(reps, &W2_SCRIPT, |rep| {
        let mut model = mlp(&[2, 64, 64, 2], 123 + rep as u64)?;
        let mut opt = Adam::new(0.01);
        let t = Instant::now();
        for _ in 0..1000 {
            model.zero_grad();
            model.backward(&data.x, &data.y)?;
            opt.step(&mut model.parameters_mut())?;
        }
        let secs = t.elapsed().as_secs_f64();
        learned.lock().unwrap().add(1000, model.accuracy(&data)?);
        Ok(secs)
    })?;
    let learned = learned.into_inner().unwrap();
    let ok = learned.check(1000, 0.95);
    let check = format!("{} {}", learned.describe("train acc"), verdict(ok));
    row(
        "W2 moons 2-64-64-2 Adam, 1000 steps",
        &m,
        &W2_SCRIPT,
        &refs,
        Show::Millis,
        &check,
    );
    Ok(ok)
}

/// W3: a 2-64-64-2 ReLU net trained on W2's moons (300 Adam steps, untimed), then
/// predicted classes on a 500 × 500 grid over the data range ± 0.5.
fn w3(bench: &Bench, reps: usize) -> Result<bool> {
    let data = datasets::moons(1000, 0.2, 123)?;
    let mut model = mlp(&[2, 64, 64, 2], 123)?;
    let mut opt = Adam::new(0.01);
    for _ in 0..300 {
        model.zero_grad();
        model.backward(&data.x, &data.y)?;
        opt.step(&mut model.parameters_mut())?;
    }
    let (lo, hi) = (
        data.x.fold_axis(Axis(0), f32::MAX, |a, &b| a.min(b)),
        data.x.fold_axis(Axis(0), f32::MIN, |a, &b| a.max(b)),
    );
    let n = 500;
    let grid = Array2::from_shape_fn((n * n, 2), |(i, c)| {
        let k = if c == 0 { i % n } else { i / n };
        let (a, b) = (lo[c] - 0.5, hi[c] + 0.5);
        a + (b - a) * k as f32 / (n - 1) as f32
    });
    let frac = Mutex::new(0.0);
    model.predict(&grid)?; // warm-up pass, as the reference
    let (m, refs) = bench.measure_beside(reps, &W3_SCRIPT, |_| {
        let t = Instant::now();
        let classes = model.predict(&grid)?;
        let secs = t.elapsed().as_secs_f64();
        *frac.lock().unwrap() = classes.iter().sum::<usize>() as f64 / classes.len() as f64;
        Ok(secs)
    })?;
    let png_bytes = Mutex::new(0);
    let chart = bench.measure(reps.min(5), |_| {
        let t = Instant::now();
        let png = plot::DecisionRegions::new(&model, &data)
            .resolution(500)
            .figure()?
            .to_png()?;
        *png_bytes.lock().unwrap() = png.len();
        Ok(t.elapsed().as_secs_f64())
    })?;
    let acc = model.accuracy(&data)?;
    let frac = *frac.lock().unwrap();
    let ok = acc > 0.95 && (0.3..0.7).contains(&frac);
    let check = format!(
        "class-1 share {frac:.3}, train acc {acc:.3} {}",
        verdict(ok)
    );
    row(
        "W3 500×500 grid, 2-64-64-2 forward",
        &m,
        &W3_SCRIPT,
        &refs,
        Show::Millis,
        &check,
    );
    println!(
        "{:<36} {:>8.1}ms {:>8.1}ms   (target ≤ 150 ms; {} KB PNG, 1,000 training points drawn)",
        "W3 chart: same grid, PNG encoded",
        chart.one * 1e3,
        chart.all * 1e3,
        *png_bytes.lock().unwrap() / 1024
    );
    Ok(ok)
}

/// W4's data: 10 random sparse binary prototypes (15 % ink); a sample keeps each ink pixel
/// of its class's prototype with probability 0.4 and adds U[0, 0.8) noise, clipped to 1.
fn mnist_shaped(
    n: usize,
    prototypes: &Array2<f32>,
    rng: &mut mlp_companion::Rng,
) -> Result<Dataset> {
    let y: Array1<usize> = (0..n).map(|_| rng.random_range(0..10)).collect();
    let x = Array2::from_shape_fn((n, 784), |(i, j)| {
        let keep = f32::from(rng.random_bool(0.4));
        (prototypes[[y[i], j]] * keep + rng.random_range(0.0..0.8f32)).min(1.0)
    });
    Dataset::with_classes(x, y, 10)
}

/// W4: MNIST-shaped, 10,000 samples × 784 features, 10 classes; 784-128-64-10 ReLU;
/// SGD 0.1; batch 64; 3 epochs. Reports samples per second.
fn w4(bench: &Bench, reps: usize) -> Result<bool> {
    let mut rng = seeded_rng(123);
    let prototypes = Array2::from_shape_fn((10, 784), |_| f32::from(rng.random_bool(0.15)));
    let train = mnist_shaped(10_000, &prototypes, &mut rng)?;
    let test = mnist_shaped(2_000, &prototypes, &mut rng)?;
    let run = SgdRun {
        sizes: &[784, 128, 64, 10],
        lr: 0.1,
        batch: 64,
        epochs: 3,
        script: &W4_SCRIPT,
    };
    let (m, refs, learned) = run.time(bench, reps, &train, &test)?;
    let ok = learned.check(471, 0.9);
    let check = format!("{} {}", learned.describe("test acc"), verdict(ok));
    let show = Show::Rate(30_000.0);
    row(
        "W4 MNIST-shaped 784-128-64-10, 3 ep",
        &m,
        &W4_SCRIPT,
        &refs,
        show,
        &check,
    );
    Ok(ok)
}
