using System;
using System.Collections.Generic;
using DualReader.Firmware;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Emv;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>Runs the bench's scenarios and measurements and checks the targets of issue 6.</summary>
public static class BenchRunner
{
    /// <summary>Scenario names (the "name" JSON key).</summary>
    public const string PhonePayment = "phone_payment_106";
    public const string BankCardFast = "bank_card_848";
    public const string BankCardSlow = "bank_card_106";
    public const string RfSimRoundTrip = "rfsim_300_byte_apdu";

    /// <summary>Poll cycles and APDU exchanges run before measuring (JIT, type loading, first-use buffers).</summary>
    public const int WarmUpRounds = 20;

    /// <summary>Poll cycles and APDU exchanges measured (averaged).</summary>
    public const int MeasuredRounds = 50;

    /// <summary>GET DATA 9F13 (last online ATC): a command and an answer (9F13 02 0020 9000) that fit the FIFO.</summary>
    private static readonly byte[] GetDataCommand = { 0x80, 0xCA, 0x9F, 0x13, 0x00 };

    public static BenchReport Run(int spiCallOverheadMicroseconds)
    {
        CostModel Costs() => new() { SpiCallOverheadMicroseconds = spiCallOverheadMicroseconds };
        var costs = Costs();
        var report = new BenchReport
        {
            SpiCallOverheadMicroseconds = costs.SpiCallOverheadMicroseconds,
            SpiClockHertz = costs.SpiClockHertz,
            UartBaudRate = costs.UartBaudRate,
            CardProcessingMicroseconds = BenchCards.ProcessingMicroseconds,
        };

        var meter = new AllocationMeter();
        report.Scenarios.Add(RunScenario(PhonePayment, "iPhone-like Apple Pay read at 106 kbit/s (FSDI 5: the phone chains 64-byte frames)", "nfc",
            new NfcEmvTransaction(BenchCards.Phone(), BitRate.Kbps848, Costs(), meter)));
        report.Scenarios.Add(RunScenario(BankCardFast, "UnionPay card, full read, PPS to the highest rate it offers (848 kbit/s)", "nfc",
            new NfcEmvTransaction(BenchCards.BankCard(), BitRate.Kbps848, Costs(), meter)));
        report.Scenarios.Add(RunScenario(BankCardSlow, "the same card, full read at 106 kbit/s (no PPS)", "nfc",
            new NfcEmvTransaction(BenchCards.BankCard(), BitRate.Kbps106, Costs(), meter)));
        var rfsim = new RfSimApduTransaction(BenchCards.RfSim(), Costs(), meter);
        report.Scenarios.Add(RunScenario(RfSimRoundTrip, "RF-SIM: READ RECORD answered with 300 bytes over the nRF24 link at 2 Mbit/s, no loss", "rfsim", rfsim));

        report.Esb = EsbFiguresOf(report.Scenario(RfSimRoundTrip), rfsim.ApduPacketsOnAir);
        MeasureFifoExchange(report, Costs(), meter);
        report.Allocation = MeasureAllocations(Costs(), meter);
        AddTargets(report);
        return report;
    }

    private static ScenarioReport RunScenario(string name, string description, string radio, IBenchTransaction transaction)
    {
        transaction.Prepare();
        var probe = new BenchProbe(transaction.Clock, transaction.Ledger);
        BenchTransactionResult result = transaction.Run(probe);
        transaction.Finish();
        return new ScenarioReport
        {
            Name = name,
            Description = description,
            Interface = radio,
            Result = result,
            Phases = probe.Phases,
            Total = PhaseFigures.Sum("total", PhaseFigures.Total, probe.Phases),
        };
    }

    private static EsbFigures EsbFiguresOf(ScenarioReport scenario, int packetsOnAir)
    {
        PhaseFigures apdu = scenario.Phases[1];
        var settings = RfSimProtocol.RadioSettings();
        int rate = settings.DataRate == Nrf24DataRate.Rate2Mbps ? 2_000_000 : settings.DataRate == Nrf24DataRate.Rate1Mbps ? 1_000_000 : 250_000;
        int command = BenchCards.ReadRecordCommand.Length;
        int response = BenchCards.RfSimResponseLength;
        // Link framing (PROTOCOL.md): type, counter (2), exchange, fragment index, then data, then an 8-byte MAC.
        int commandOverhead = RfSimProtocol.ReaderHeader + 2 + SipHash24.TagLength;
        int responseOverhead = RfSimProtocol.PeerHeader + 2 + SipHash24.TagLength;
        int pull = RfSimProtocol.ReaderHeader + 2 + SipHash24.TagLength;
        int transactions = Ceiling(command, 32 - commandOverhead) + Ceiling(response, 32 - responseOverhead);
        return new EsbFigures
        {
            DataRateBitsPerSecond = rate,
            AddressWidth = settings.AddressWidth,
            CrcLength = settings.CrcLength,
            CommandBytes = command,
            ResponseBytes = response,
            RoundTripMicroseconds = apdu.ModelledMicroseconds,
            ProcessingMicroseconds = BenchCards.ProcessingMicroseconds,
            LimitMicroseconds = BenchArithmetic.EsbRoundTripLimitMicroseconds(rate, settings.AddressWidth, settings.CrcLength, command, response, commandOverhead, responseOverhead, pull, BenchCards.ProcessingMicroseconds),
            RawLimitMicroseconds = BenchArithmetic.EsbRoundTripLimitMicroseconds(rate, settings.AddressWidth, settings.CrcLength, command, response, 0, 0, 0, BenchCards.ProcessingMicroseconds),
            LimitTransactions = transactions,
            PacketsOnAir = packetsOnAir,
        };
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;

    /// <summary>One steady-state GET DATA on the bank card at 848 kbit/s: its SPI calls and bytes.</summary>
    private static void MeasureFifoExchange(BenchReport report, CostModel costs, AllocationMeter meter)
    {
        var transaction = Activated(costs, meter, BitRate.Kbps848);
        var response = new byte[256];
        int count = 0;
        for (int i = 0; i < 3; i++)
        {
            Require(transaction.Transport.Exchange(GetDataCommand, 0, GetDataCommand.Length, response, 0, response.Length, out count), "GET DATA");
        }

        CostLedger before = transaction.Ledger.Snapshot();
        Require(transaction.Transport.Exchange(GetDataCommand, 0, GetDataCommand.Length, response, 0, response.Length, out count), "GET DATA");
        report.FifoExchangeSpiTransfers = transaction.Ledger.SpiTransfers - before.SpiTransfers;
        report.FifoExchangeSpiBytes = transaction.Ledger.SpiBytes - before.SpiBytes;
        report.FifoExchangeCommandBytes = GetDataCommand.Length;
        report.FifoExchangeResponseBytes = count;
    }

    private static AllocationFigures MeasureAllocations(CostModel costs, AllocationMeter meter)
    {
        // Idle poll cycle: no card in the field.
        var empty = new NfcEmvTransaction(null, BitRate.Kbps848, costs, meter);
        empty.Driver.Initialize();
        Action idle = () =>
        {
            empty.Driver.TurnAntennaOn();
            ActivationStatus status = empty.Activation.Activate(false, empty.Identity);
            empty.Driver.TurnAntennaOff();
            if (status != ActivationStatus.NoCard)
            {
                throw new InvalidOperationException("idle poll found " + status);
            }
        };
        double idleBytes = Average(meter, idle);

        // APDU exchanges in steady state: the path EmvReader uses (ApduClient over the transport).
        var card = Activated(costs, meter, BitRate.Kbps848);
        var client = new ApduClient(card.Transport);
        var response = new byte[1024];
        Action shortApdu = () => Require(client.Transmit(0x80, 0xCA, 0x9F, 0x13, null, 0, 0, 256, response, 0, response.Length, out _, out _), "GET DATA");
        // READ RECORD 2 of SFI 2: 70 81 9A ... 9000, three chained frames at FSD 64.
        Action chainedApdu = () => Require(client.Transmit(0x00, 0xB2, 0x02, 0x14, null, 0, 0, 256, response, 0, response.Length, out _, out _), "READ RECORD");
        double shortBytes = Average(meter, shortApdu);
        double chainedBytes = Average(meter, chainedApdu);

        // A whole read of the bank card (WUPA .. HLTA), for comparison: per transaction, not per APDU.
        var reads = new NfcEmvTransaction(BenchCards.BankCard(), BitRate.Kbps848, costs, meter);
        reads.Prepare();
        reads.Run(new BenchProbe(reads.Clock, reads.Ledger));
        reads.Finish();
        Action wholeRead = () =>
        {
            if (reads.ReadAgain() != ReadOutcome.Ok)
            {
                throw new InvalidOperationException("the bench card did not read again");
            }
        };
        double readBytes = Average(meter, wholeRead, 5, 20);

        var rfsim = new RfSimApduTransaction(BenchCards.RfSim(), costs, meter);
        rfsim.Prepare();
        if (rfsim.Reader.Discover() != RfSimDiscoveryResult.Attached)
        {
            throw new InvalidOperationException("the bench RF-SIM did not attach");
        }

        var rfsimClient = new ApduClient(rfsim.Reader);
        Action rfsimApdu = () => Require(rfsimClient.Transmit(0x00, 0xB2, 0x01, 0x0C, null, 0, 0, 256, rfsim.Response, 0, rfsim.Response.Length, out _, out _), "RF-SIM READ RECORD");
        double rfsimBytes = Average(meter, rfsimApdu, 5, 10);

        return new AllocationFigures
        {
            IdleCycles = MeasuredRounds,
            IdlePollCycleBytes = idleBytes,
            ApduExchanges = MeasuredRounds,
            NfcShortApduBytes = shortBytes,
            NfcChainedApduBytes = chainedBytes,
            RfSimApduBytes = rfsimBytes,
            EmvReadTransactionBytes = readBytes,
        };
    }

    private static double Average(AllocationMeter meter, Action call, int warmUp = WarmUpRounds, int rounds = MeasuredRounds)
    {
        for (int i = 0; i < warmUp; i++)
        {
            call();
        }

        long total = meter.Measure(() =>
        {
            for (int i = 0; i < rounds; i++)
            {
                call();
            }
        });
        return (double)total / rounds;
    }

    /// <summary>The bank card, activated (REQA..SELECT, RATS, PPS) and ready for APDUs.</summary>
    private static NfcEmvTransaction Activated(CostModel costs, AllocationMeter meter, BitRate rate)
    {
        var transaction = new NfcEmvTransaction(BenchCards.BankCard(), rate, costs, meter);
        transaction.Prepare();
        if (transaction.Activation.Activate(false, transaction.Identity) != ActivationStatus.Ok || transaction.Transport.Activate() != ActivationResult.Ok)
        {
            throw new InvalidOperationException("the bench card did not activate");
        }

        return transaction;
    }

    private static void Require(ExchangeResult result, string what)
    {
        if (result != ExchangeResult.Ok)
        {
            throw new InvalidOperationException($"{what}: {result}");
        }
    }

    private static void AddTargets(BenchReport report)
    {
        PhaseFigures phone = report.Scenario(PhonePayment).Total;
        PhaseFigures fast = report.Scenario(BankCardFast).Total;
        PhaseFigures slow = report.Scenario(BankCardSlow).Total;
        report.Targets.Add(new TargetResult
        {
            Name = "isodep_fifo_exchange_spi_transfers",
            Description = "ISO-DEP exchange that fits the FIFO: SPI transfers",
            Value = report.FifoExchangeSpiTransfers,
            Comparison = "<=",
            Limit = 7,
            Unit = "calls",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "phone_payment_ratio",
            Description = $"phone payment read: modelled / lower bound at {report.SpiCallOverheadMicroseconds} µs per SPI call",
            Value = phone.Ratio,
            Comparison = "<=",
            Limit = 1.15,
            Unit = "ratio",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "bank_card_speedup_848",
            Description = "bank card: time at 106 kbit/s / time at 848 kbit/s",
            Value = (double)slow.ModelledMicroseconds / fast.ModelledMicroseconds,
            Comparison = ">=",
            Limit = 2.0,
            Unit = "ratio",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "rfsim_esb_ratio",
            Description = "RF-SIM 300-byte APDU round trip / ESB packet-time limit at 2 Mbit/s",
            Value = report.Esb.Ratio,
            Comparison = "<=",
            Limit = 1.5,
            Unit = "ratio",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "idle_poll_alloc_bytes",
            Description = "heap bytes allocated per idle poll cycle",
            Value = report.Allocation.IdlePollCycleBytes,
            Comparison = "<=",
            Limit = 0,
            Unit = "bytes",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "apdu_alloc_bytes",
            Description = "heap bytes allocated per APDU exchange in steady state (largest of the measured kinds)",
            Value = report.Allocation.MaximumApduBytes,
            Comparison = "<=",
            Limit = 256,
            Unit = "bytes",
        });
    }
}
