#!/bin/sh
# On a push to the default branch: finds the pull request merged as $GITHUB_SHA and the successful
# run of the plan job at that pull request's head commit, whose plan.out is the one reviewers saw.
# Writes `pr` and `run-id` to $GITHUB_OUTPUT for the artifact download. A push that merged no pull
# request has no reviewed plan: it fails, and nothing is applied.
set -eu
: "${APONO_WORKFLOW_FILE:?set APONO_WORKFLOW_FILE to the file name of this workflow, e.g. identities.yml}"

pr=$(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" --jq '.[0].number // empty')
if [ -z "$pr" ]; then
  echo "find-reviewed-plan: no pull request was merged as $GITHUB_SHA: there is no reviewed plan to apply" >&2
  exit 1
fi
head=$(gh api "repos/$GITHUB_REPOSITORY/pulls/$pr" --jq '.head.sha')
run=$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "$APONO_WORKFLOW_FILE" --event pull_request \
  --commit "$head" --status success --limit 1 --json databaseId --jq '.[0].databaseId // empty')
if [ -z "$run" ]; then
  echo "find-reviewed-plan: pull request #$pr has no successful plan run at its head commit $head" >&2
  exit 1
fi
echo "Applying the plan reviewed in pull request #$pr (run $run, commit $head)"
{
  echo "pr=$pr"
  echo "run-id=$run"
} >>"$GITHUB_OUTPUT"
