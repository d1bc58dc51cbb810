namespace Provenant.Signing.Tests;
