#!/usr/bin/env bash
# Rewrites pre-0.2 package names (everything in dev.pfms.core) to the pfms-api split (ADR 0002).
# Idempotent. Usage: tools/migrate-packages.sh [FILE|DIR ...]   (default: the whole work tree)
set -euo pipefail
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(.)
files=$(grep -rlE 'dev\.pfms\.core' --include='*.java' --include='*.md' --include='*.xml' \
  --include='dev.pfms.*' "${targets[@]}" 2>/dev/null | grep -v '/target/' | grep -v 'tools/migrate-packages.sh' || true)
[ -n "$files" ] || exit 0
# shellcheck disable=SC2086
sed -i -E \
  -e 's/dev\.pfms\.core\.model\b/dev.pfms.api.model/g' \
  -e 's/dev\.pfms\.core\.spi\b/dev.pfms.api.spi/g' \
  -e 's/dev\.pfms\.core\.pipeline\b/dev.pfms.api.pipeline/g' \
  -e 's/dev\.pfms\.core\.consent\.(ConsentGuard|ConsentChain|ConsentState|ConsentReceipts)\b/dev.pfms.api.consent.\1/g' \
  -e 's/dev\.pfms\.core\.categorize\.(CascadeCategorizer|CorrectionStore|TrainingData)\b/dev.pfms.api.categorize.\1/g' \
  -e 's/dev\.pfms\.core\.(Pfms|ProviderRegistry|PfmsException|ProviderException|IngestException|ModelException|ConsentRequiredException)\b/dev.pfms.api.\1/g' \
  $files
