using System;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using nanoFramework.TestFramework;
using DualReader.Tests.Support;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// The leak check end to end for every sample device (sim/Nfc/SampleCards.cs) and an RF-SIM peer, each read
    /// alone through the reader application with trace switched on over the host link: the secrets each device sent
    /// on air (gathered by <see cref="AirApduTap"/>, see <see cref="UartLeakSearch"/>) are nowhere in the raw UART
    /// byte stream, as sent or after COBS decoding.
    /// </summary>
    [TestClass]
    public class UartLeakDeviceTests
    {
        [TestMethod]
        public void ApplePayVisaLeaksNothingWithTraceOn()
        {
            Check("ApplePayVisa", SampleCards.ApplePayVisa());
        }

        [TestMethod]
        public void UnionPayDualApplicationLeaksNothingWithTraceOn()
        {
            Check("UnionPayDualApplication", SampleCards.UnionPayDualApplication());
        }

        [TestMethod]
        public void VisaCardLeaksNothingWithTraceOn()
        {
            Check("VisaCard", SampleCards.VisaCard());
        }

        [TestMethod]
        public void MastercardLeaksNothingWithTraceOn()
        {
            Check("Mastercard", SampleCards.Mastercard());
        }

        [TestMethod]
        public void RfSimPeerLeaksNothingWithTraceOn()
        {
            Check("RF-SIM peer", ReaderBench.RfSimPeer(0x07, true));
        }

        private static void Check(string name, ScenarioDevice device)
        {
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(device, 100, 1400));
            UartLeakRun run = UartLeakRun.Run(new SimulatedReaderBoard(scenario), true);
            OutputHelper.WriteLine(name + ": " + run.Describe());
            for (int index = 0; index < run.Hits.Count; index++)
            {
                OutputHelper.WriteLine("  " + (string)run.Hits[index]);
            }

            Assert.AreEqual(0, run.Hits.Count, name + ": card secrets on the UART (see output)");

            // Not vacuous: the device was read, sent secrets on air, and the trace was on the wire.
            Assert.AreEqual(1, run.ConfigurationsAccepted, name);
            Assert.IsTrue(run.Transactions >= 1, name + ": no transaction");
            Assert.IsTrue(run.SecretValues > 0 && run.Search.WindowCount > 0, name + ": no secret heard on air");
            Assert.IsTrue(run.TraceRecords > 0, name + ": no trace records");
            Assert.IsTrue(run.Search.BytesSearched > run.Stream.Length, name + ": decoded frames not searched");
            Assert.AreEqual(0, run.UnmatchedResponses(scenario), name + ": a response heard on air is not one the device sends");
        }
    }
}
