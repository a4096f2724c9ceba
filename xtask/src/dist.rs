//! `cargo xtask dist`: the mock packaged for Python and JavaScript teams, into `target/dist/`.
//!
//! - `rcthreads_mock-VERSION-*.whl`: maturin (`bindings = "bin"`, pinned in
//!   `packages/python/pyproject.toml`, installed under `target/dist-tools/`) builds the binary and
//!   wraps it with the pure-Python helpers.
//! - `rcthreads-mock-VERSION.tgz` and `rcthreads-mock-PLATFORM-VERSION.tgz` (`npm pack`): the
//!   helper package and the binary's package for this machine, staged under `target/dist-stage/`.
//!
//! `cargo xtask dist` builds the release binary. The check in `cargo xtask test` packages the
//! debug binary the tests already built, through the same code, then installs the packages from
//! `target/dist/` into a fresh venv and a fresh npm project and runs their README's start and a
//! short suite with the official SDK, with no cargo or rustc on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::conformance::step;

/// Which build of the binary goes into the packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Optimized: what `cargo xtask dist` ships.
    Release,
    /// The tests' own build: what the check in `cargo xtask test` packages.
    Debug,
}

impl Profile {
    fn cargo_profile(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "dev",
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "debug",
        }
    }
}

/// What `build` wrote into `target/dist/`.
#[derive(Debug)]
pub struct Artifacts {
    /// The wheel.
    pub wheel: PathBuf,
    /// The npm tarballs: the helper package and this platform's binary package.
    pub npm: Vec<PathBuf>,
}

/// Builds the wheel and the npm packages into `target/dist/` (emptied first).
pub fn build(root: &Path, profile: Profile) -> Result<Artifacts, String> {
    let started = Instant::now();
    println!("\n==> dist: versions");
    let version = check_versions(root)?;
    println!("    workspace {version}: packages/python (from Cargo.toml) and packages/npm agree");

    let out = crate::target_dir().join("dist");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("cannot empty {}: {e}", out.display()))?;
    }
    create_dir(&out)?;

    let maturin = maturin(root)?;
    let mut wheel_build = Command::new(&maturin);
    wheel_build
        .args(["build", "--profile", profile.cargo_profile(), "--out"])
        .arg(&out)
        .env("CARGO_TARGET_DIR", crate::target_dir())
        .current_dir(root.join("packages").join("python"));
    step(&format!("wheel (maturin, {} binary)", profile.dir()), &mut wheel_build)?;
    let wheel = only_file(&out, ".whl")?;

    // maturin built the binary into the target directory: the npm package carries the same one.
    let binary =
        crate::target_dir().join(profile.dir()).join(format!("rcthreads-mock{}", std::env::consts::EXE_SUFFIX));
    let npm = npm_packages(root, &binary, &out)?;

    println!("\n<== dist: {} in {:.1}s", out.display(), started.elapsed().as_secs_f64());
    for f in std::iter::once(&wheel).chain(&npm) {
        let size = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        println!("    {} ({:.1} MB)", f.file_name().unwrap_or_default().to_string_lossy(), size as f64 / 1e6);
    }
    Ok(Artifacts { wheel, npm })
}

/// Packages the debug build, installs it as a user would and runs the README starts and the
/// seed 000 suites against it (a step of `cargo xtask test`).
pub fn check(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let artifacts = build(root, Profile::Debug)?;
    let work = crate::target_dir().join("dist-check");
    check_python(root, &artifacts.wheel, &work.join("python"))?;
    check_npm(root, &artifacts.npm, &work.join("npm"))?;
    println!("<== packages installed and checked in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

fn check_python(root: &Path, wheel: &Path, dir: &Path) -> Result<(), String> {
    fresh_dir(dir)?;
    let venv = dir.join("venv");
    let python = venv_python(&venv);
    // Without a pip of its own (ensurepip takes many seconds): the tools venv's pip installs into it.
    let mut make_venv = Command::new("python3");
    make_venv.args(["-m", "venv", "--without-pip"]).arg(&venv);
    step("fresh venv", &mut make_venv)?;
    let mut pip = Command::new(venv_python(&tools_venv()));
    pip.args(["-m", "pip", "--python"])
        .arg(&python)
        .args(["install", "--disable-pip-version-check", "--no-input", "--quiet", "--requirement"])
        .arg(root.join("conformance").join("python").join("requirements.txt"))
        .arg("--requirement")
        .arg(root.join("packages").join("python").join("tests").join("requirements.txt"))
        .arg(wheel);
    step("pip install the wheel, ringcentral and pytest (pinned)", &mut pip)?;

    let readme = read(&root.join("packages").join("python").join("README.md"))?;
    let start =
        snippet(&readme, "python").ok_or("packages/python/README.md has no ```python block under `## Start`")?;
    write(&dir.join("readme_start.py"), &start)?;
    let tests = root.join("packages").join("python").join("tests");
    copy(&tests.join("test_seed_000.py"), &dir.join("test_seed_000.py"))?;

    step("the Python README's start", without_rust(Command::new(&python).arg("readme_start.py"), &venv, dir))?;
    let mut pytest = Command::new(&python);
    pytest.args(["-m", "pytest", "-p", "no:cacheprovider", "-v", "test_seed_000.py"]);
    step("pytest with the wheel's plugin: seed 000", without_rust(&mut pytest, &venv, dir))
}

fn check_npm(root: &Path, tarballs: &[PathBuf], dir: &Path) -> Result<(), String> {
    fresh_dir(dir)?;
    write(&dir.join("package.json"), "{ \"name\": \"rcthreads-dist-check\", \"private\": true }\n")?;
    let sdk = format!("@ringcentral/sdk@{}", conformance_js_version(root, "@ringcentral/sdk")?);
    let mut install = Command::new("npm");
    install.args(["install", "--no-audit", "--no-fund", "--prefix"]).arg(dir).args(tarballs).arg(&sdk);
    step(&format!("npm install the tarballs and {sdk}"), &mut install)?;

    let readme = read(&root.join("packages").join("npm").join("rcthreads-mock").join("README.md"))?;
    let start =
        snippet(&readme, "js").ok_or("packages/npm/rcthreads-mock/README.md has no ```js block under `## Start`")?;
    write(&dir.join("readme-start.mjs"), &start)?;
    let test = root.join("packages").join("npm").join("test").join("seed-000.test.js");
    copy(&test, &dir.join("seed-000.test.js"))?;

    let bin = dir.join("node_modules").join(".bin");
    step("the npm README's start", without_rust(Command::new("node").arg("readme-start.mjs"), &bin, dir))?;
    let mut node = Command::new("node");
    node.args(["--test", "--test-reporter=spec", "seed-000.test.js"]);
    step("node --test with startMock(): seed 000", without_rust(&mut node, &bin, dir))
}

/// Runs `command` in `dir` as on a machine without Rust: no cargo or rustc on PATH (`first` goes
/// in front), no cargo variables, no binary override.
fn without_rust<'a>(command: &'a mut Command, first: &Path, dir: &Path) -> &'a mut Command {
    let kept = std::env::var_os("PATH").map(|p| {
        std::env::split_paths(&p)
            .filter(|d| {
                !["cargo", "rustc"].iter().any(|t| d.join(format!("{t}{}", std::env::consts::EXE_SUFFIX)).exists())
            })
            .collect::<Vec<_>>()
    });
    let path = std::env::join_paths(std::iter::once(first.to_path_buf()).chain(kept.unwrap_or_default()))
        .expect("PATH entries came from PATH");
    for (key, _) in std::env::vars_os() {
        let k = key.to_string_lossy();
        if k.starts_with("CARGO") || k.starts_with("RUSTUP") || k.starts_with("RUSTC") || k == "RCTHREADS_MOCK_BINARY" {
            command.env_remove(&key);
        }
    }
    command.env("PATH", path).env("PYTHONDONTWRITEBYTECODE", "1").current_dir(dir)
}

/// The workspace version, after checking every package manifest follows it.
fn check_versions(root: &Path) -> Result<String, String> {
    let version = workspace_version(&read(&root.join("Cargo.toml"))?).ok_or("no version in [workspace.package]")?;
    let pyproject = read(&root.join("packages").join("python").join("pyproject.toml"))?;
    if !pyproject.contains("dynamic = [\"version\"]")
        || pyproject.lines().any(|l| l.trim_start().starts_with("version"))
    {
        return Err(
            "packages/python/pyproject.toml must take its version from Cargo.toml (dynamic = [\"version\"])".into()
        );
    }
    let npm = root.join("packages").join("npm");
    let main = json(&npm.join("rcthreads-mock").join("package.json"))?;
    let mut wrong = Vec::new();
    if main["version"] != version.as_str() {
        wrong.push(format!("rcthreads-mock is {}", main["version"]));
    }
    let optional = main["optionalDependencies"].as_object().cloned().unwrap_or_default();
    for (name, v) in &optional {
        if v != version.as_str() {
            wrong.push(format!("rcthreads-mock's optional dependency {name} is {v}"));
        }
    }
    for platform in platforms(root)? {
        let manifest = json(&npm.join("platforms").join(&platform).join("package.json"))?;
        let name = manifest["name"].as_str().unwrap_or_default().to_owned();
        if manifest["version"] != version.as_str() {
            wrong.push(format!("{name} is {}", manifest["version"]));
        }
        if name != format!("@rcthreads/mock-{platform}") || !optional.contains_key(&name) {
            wrong.push(format!(
                "platforms/{platform} must be @rcthreads/mock-{platform}, an optional dependency of rcthreads-mock"
            ));
        }
    }
    if wrong.is_empty() {
        Ok(version)
    } else {
        Err(format!("packages/npm does not follow the workspace version {version}: {}", wrong.join("; ")))
    }
}

/// `version = "..."` of `[workspace.package]`.
fn workspace_version(cargo_toml: &str) -> Option<String> {
    let section = cargo_toml.split("\n[").find(|s| s.trim_start_matches('[').starts_with("workspace.package]"))?;
    section.lines().find_map(|l| {
        let (key, value) = l.split_once('=')?;
        (key.trim() == "version").then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// The platform packages committed under `packages/npm/platforms/`, e.g. `linux-x64`.
fn platforms(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("packages").join("npm").join("platforms");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// This machine as npm names it (`process.platform`-`process.arch`).
fn npm_platform() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        other => other,
    };
    format!("{os}-{arch}")
}

/// Stages this platform's binary package and packs it with the helper package.
fn npm_packages(root: &Path, binary: &Path, out: &Path) -> Result<Vec<PathBuf>, String> {
    let platform = npm_platform();
    let npm = root.join("packages").join("npm");
    let template = npm.join("platforms").join(&platform);
    if !template.is_dir() {
        return Err(format!(
            "no npm package for {platform} in packages/npm/platforms: docs/packages.md says how to add one"
        ));
    }
    let stage = crate::target_dir().join("dist-stage").join("npm").join(&platform);
    fresh_dir(&stage)?;
    for file in ["package.json", "README.md"] {
        copy(&template.join(file), &stage.join(file))?;
    }
    create_dir(&stage.join("bin"))?;
    let staged = stage.join("bin").join(binary.file_name().expect("the binary has a name"));
    copy(binary, &staged)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot make {} executable: {e}", staged.display()))?;
    }
    let mut pack = Command::new("npm");
    pack.args(["pack", "--pack-destination"]).arg(out).arg(&stage).arg(npm.join("rcthreads-mock"));
    step(&format!("npm packages (rcthreads-mock, @rcthreads/mock-{platform})"), &mut pack)?;
    let mut tarballs: Vec<PathBuf> = files(out, ".tgz")?;
    tarballs.sort();
    if tarballs.len() != 2 {
        return Err(format!("expected 2 npm tarballs in {}, found {}", out.display(), tarballs.len()));
    }
    Ok(tarballs)
}

/// maturin at the version `packages/python/pyproject.toml` pins, in `target/dist-tools/venv`.
fn maturin(root: &Path) -> Result<PathBuf, String> {
    let pyproject = read(&root.join("packages").join("python").join("pyproject.toml"))?;
    let pin = maturin_pin(&pyproject).ok_or("packages/python/pyproject.toml must pin maturin==VERSION")?;
    let venv = tools_venv();
    let python = venv_python(&venv);
    let maturin = python.with_file_name(format!("maturin{}", std::env::consts::EXE_SUFFIX));
    let stamp = venv.join("maturin.pin");
    if maturin.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == pin) {
        println!("\n==> maturin {pin}: installed ({})", venv.display());
        return Ok(maturin);
    }
    let mut make_venv = Command::new("python3");
    make_venv.args(["-m", "venv", "--clear"]).arg(&venv);
    step("venv for maturin", &mut make_venv)?;
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--quiet",
        &format!("maturin=={pin}"),
    ]);
    step(&format!("pip install maturin=={pin}"), &mut pip)?;
    write(&stamp, &format!("{pin}\n"))?;
    Ok(maturin)
}

/// The venv of the packaging tools (maturin, and the pip that fills the check's venv).
fn tools_venv() -> PathBuf {
    crate::target_dir().join("dist-tools").join("venv")
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) { venv.join("Scripts").join("python.exe") } else { venv.join("bin").join("python") }
}

/// The `maturin==X` pin of the build-system requirements.
fn maturin_pin(pyproject: &str) -> Option<String> {
    let at = pyproject.find("\"maturin==")? + "\"maturin==".len();
    let rest = &pyproject[at..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// The version `conformance/js/package.json` pins for `package`.
fn conformance_js_version(root: &Path, package: &str) -> Result<String, String> {
    let manifest = json(&root.join("conformance").join("js").join("package.json"))?;
    manifest["dependencies"][package]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("conformance/js/package.json does not pin {package}"))
}

/// The first ```LANG block after the README's `## Start` heading.
fn snippet(readme: &str, lang: &str) -> Option<String> {
    let start = readme.find("\n## Start\n")?;
    let fence = format!("```{lang}\n");
    let body = &readme[start..];
    let from = body.find(&fence)? + fence.len();
    let to = body[from..].find("```")?;
    Some(body[from..from + to].to_owned())
}

fn only_file(dir: &Path, suffix: &str) -> Result<PathBuf, String> {
    let mut found = files(dir, suffix)?;
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!("expected one *{suffix} in {}, found {n}", dir.display())),
    }
}

fn files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    Ok(entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.to_string_lossy().ends_with(suffix)).collect())
}

fn json(path: &Path) -> Result<serde_json::Value, String> {
    serde_json::from_str(&read(path)?).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map(drop).map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

fn fresh_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot empty {}: {e}", dir.display()))?;
    }
    create_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    #[test]
    fn the_packages_follow_the_workspace_version() {
        let version = check_versions(&root()).unwrap();
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn the_workspace_version_is_read_from_its_section() {
        let toml = "[package]\nversion = \"9.9.9\"\n\n[workspace.package]\nedition = \"2024\"\nversion = \"1.2.3\"\n";
        assert_eq!(workspace_version(toml).as_deref(), Some("1.2.3"));
        assert_eq!(workspace_version("[package]\nversion = \"1\"\n"), None);
    }

    #[test]
    fn maturin_is_pinned() {
        let pyproject = read(&root().join("packages/python/pyproject.toml")).unwrap();
        let pin = maturin_pin(&pyproject).unwrap();
        assert!(pin.split('.').all(|p| p.parse::<u32>().is_ok()), "{pin}");
        assert_eq!(maturin_pin("requires = [\"maturin>=1\"]"), None);
    }

    #[test]
    fn each_readme_has_a_start_that_uses_its_helper() {
        let py = read(&root().join("packages/python/README.md")).unwrap();
        assert!(snippet(&py, "python").unwrap().contains("with MockServer() as mock:"));
        let js = read(&root().join("packages/npm/rcthreads-mock/README.md")).unwrap();
        assert!(snippet(&js, "js").unwrap().contains("await startMock()"));
        assert_eq!(snippet("# x\n```js\nno\n```\n", "js"), None);
    }

    #[test]
    fn this_machine_has_a_platform_name() {
        let name = npm_platform();
        assert!(name.contains('-') && !name.contains("x86_64") && !name.contains("macos"), "{name}");
    }
}
