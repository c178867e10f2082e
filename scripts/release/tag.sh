#!/usr/bin/env bash
# Tags a release of the action: run by .github/workflows/release.yml after CI passed on a
# commit of main, with that commit as the argument. Users pin `@vX` (moved to every release
# of major X) or `@vX.Y.Z` (never moved).
#
# It releases the version in package.json when CHANGELOG.md has a dated section for it
# (`## [X.Y.Z] - YYYY-MM-DD`) and the tag vX.Y.Z does not exist yet; otherwise it says why
# there is nothing to release and succeeds, so every other commit on main passes through.
# vX moves only forward: a patch of an older minor (1.0.3 after 1.1.0) is tagged, vX stays.
#
# Writes `tag=`, `major=`, `moved=` and `notes=` (a file with the CHANGELOG section) to
# $GITHUB_OUTPUT when set, for the step that creates the GitHub release.
set -euo pipefail

sha="${1:?usage: tag.sh COMMIT}"
remote="${RELEASE_REMOTE:-origin}"
cd "$(git rev-parse --show-toplevel)"

version=$(git show "$sha:package.json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')
if ! [[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "::error::package.json's version \"$version\" is not X.Y.Z: a release needs a plain semantic version."
  exit 1
fi
major="v${BASH_REMATCH[1]}"
tag="v$version"

out() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >> "$GITHUB_OUTPUT"; fi; }

git fetch --quiet --tags --force "$remote"
if existing=$(git rev-parse -q --verify "refs/tags/$tag^{commit}"); then
  echo "$tag is already released (at $existing): nothing to release. Bump package.json's version and date its CHANGELOG section to release."
  exit 0
fi

changelog=$(git show "$sha:CHANGELOG.md")
heading=$(printf '%s\n' "$changelog" | grep -E "^## \[$version\] - [0-9]{4}-[0-9]{2}-[0-9]{2}\$" || true)
if [ -z "$heading" ]; then
  echo "CHANGELOG.md has no dated section '## [$version] - YYYY-MM-DD': $version is not released yet."
  exit 0
fi

notes=$(mktemp)
printf '%s\n' "$changelog" | awk -v h="$heading" '$0 == h { on = 1; next } on && /^## / { exit } on { print }' > "$notes"

git -c user.name='github-actions[bot]' -c user.email='41898282+github-actions[bot]@users.noreply.github.com' \
  tag -a "$tag" -m "rds-blue-green $tag" "$sha"
git push --quiet "$remote" "refs/tags/$tag"
echo "tagged $tag at $sha"

# The newest release of this major (the one just made included): vX points at it.
newest=$(git tag --list "$major.*" | grep -E "^$major\.[0-9]+\.[0-9]+\$" | sort -V | tail -n 1)
moved=false
if [ "$newest" = "$tag" ]; then
  git -c user.name='github-actions[bot]' -c user.email='41898282+github-actions[bot]@users.noreply.github.com' \
    tag -fa "$major" -m "rds-blue-green $major (= $tag)" "$sha"
  git push --quiet --force "$remote" "refs/tags/$major"
  moved=true
  echo "moved $major to $tag"
else
  echo "$major stays at $newest: $tag is older"
fi

out "tag=$tag"
out "major=$major"
out "moved=$moved"
out "notes=$notes"
