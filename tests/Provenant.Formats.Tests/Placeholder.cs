namespace Provenant.Formats.Tests;
