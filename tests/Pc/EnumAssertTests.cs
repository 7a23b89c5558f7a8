using System;
using DualReader.Firmware;
using DualReader.Firmware.Reader;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>EnumAssert fails with the values' names, from the name tables the device also has.</summary>
[TestClass]
public class EnumAssertTests
{
    [TestMethod]
    public void AFailureNamesBothValues()
    {
        string message = FailureOf(() => EnumAssert.AreEqual(ExchangeResult.NoResponse, ExchangeResult.ChipError, "exchange"));
        Assert.Contains("NoResponse", message);
        Assert.Contains("ChipError", message);
        Assert.Contains("exchange", message);
    }

    [TestMethod]
    public void EqualValuesPassAndDifferentValuesFailAreNotEqual()
    {
        EnumAssert.AreEqual(ChipHealth.Ok, ChipHealth.Ok);
        EnumAssert.AreNotEqual(ChipHealth.Ok, ChipHealth.Fake);
        Assert.Contains("unresponsive", FailureOf(() => EnumAssert.AreNotEqual(ChipHealth.Unresponsive, ChipHealth.Unresponsive)));
    }

    [TestMethod]
    public void NameTablesCoverEveryValue()
    {
        foreach (ExchangeResult value in Enum.GetValues<ExchangeResult>())
        {
            Assert.AreEqual(value.ToString(), ExchangeResultNames.Name(value));
        }

        foreach (ChipHealth value in Enum.GetValues<ChipHealth>())
        {
            Assert.AreEqual(value.ToString().ToLowerInvariant(), ChipHealthNames.Name(value));
        }
    }

    private static string FailureOf(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return exception.Message;
        }

        throw new InvalidOperationException("the assert did not fail");
    }
}
