import { TerraformStack, Testing } from 'cdktf';
import { packageInfo } from '../../provider/client/package-info';
import { AponoTeam, provider } from '../../constructs';

interface SynthesizedTerraform {
  readonly terraform: { readonly required_providers: Record<string, { source: string; version?: string }> };
}

describe('AponoProvider', () => {
  it('GIVEN a stack with the provider WHEN synthesized THEN required_providers pins ~> major.minor of the package version', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new provider.AponoProvider(stack, 'apono');
    new AponoTeam(stack, 'Team', { name: 'engineering' });
    const [major, minor] = packageInfo().version.split('.');
    const parsed = JSON.parse(Testing.synth(stack)) as SynthesizedTerraform;
    expect(parsed.terraform.required_providers.apono).toEqual({
      source: 'terraform.local/apono/apono',
      version: `~> ${major}.${minor}`,
    });
  });
});
