namespace Provenant.Cli.Tests;
