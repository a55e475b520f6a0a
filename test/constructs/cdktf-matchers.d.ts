// Types of the matchers that `Testing.setupJest()` adds (toHaveResourceWithProperties, ...).
import 'cdktf/lib/testing/adapters/jest';
