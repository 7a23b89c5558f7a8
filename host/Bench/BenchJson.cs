using System.IO;
using System.Text;
using System.Text.Json;

namespace DualReader.Host.Bench;

/// <summary>
/// `bench --json`: one JSON object with stable keys (only ever added, never renamed; the list is in the README's
/// performance section). Times are integers in µs, ratios are numbers rounded to 4 decimals.
/// </summary>
public static class BenchJson
{
    /// <summary>Version of the layout below; raised only when keys are added.</summary>
    public const int SchemaVersion = 2;

    /// <summary>Top-level keys, in output order.</summary>
    public static readonly string[] TopLevelKeys = { "schema_version", "cost_model", "scenarios", "isodep_fifo_exchange", "rfsim_esb", "rfsim_261_byte_command", "allocation", "targets", "interpreted", "idle_poll_cycle" };

    /// <summary>Keys of "cost_model".</summary>
    public static readonly string[] CostModelKeys = { "spi_call_overhead_us", "spi_clock_hz", "uart_baud", "card_processing_us" };

    /// <summary>Keys of each "scenarios" item.</summary>
    public static readonly string[] ScenarioKeys = { "name", "description", "interface", "outcome", "bit_rate_kbps", "apdu_count", "response_bytes", "record_bytes", "total", "phases", "interpreted" };

    /// <summary>Keys of "total" and of each "phases" item (phases also have "name" and "kind" first).</summary>
    public static readonly string[] FigureKeys = { "modelled_us", "spi_transfers", "spi_bytes", "air_us", "card_processing_us", "uart_us", "lower_bound_us", "overhead_us", "ratio", "instructions", "estimated_cpu_us", "modelled_with_cpu_us", "ratio_with_cpu" };

    /// <summary>Keys of "isodep_fifo_exchange".</summary>
    public static readonly string[] FifoExchangeKeys = { "command_bytes", "response_bytes", "spi_transfers", "spi_bytes" };

    /// <summary>Keys of "rfsim_esb".</summary>
    public static readonly string[] EsbKeys = { "data_rate_bps", "address_width", "crc_bytes", "command_bytes", "response_bytes", "processing_us", "round_trip_us", "limit_us", "raw_limit_us", "ratio", "raw_ratio", "limit_transactions", "packets_on_air", "throughput_bytes_per_s", "round_trip_with_cpu_us", "ratio_with_cpu" };

    /// <summary>Keys of "rfsim_261_byte_command" (schema 2).</summary>
    public static readonly string[] LongCommandKeys = { "outcome", "command_bytes", "response_bytes", "processing_us", "round_trip_us", "reader_packets", "minimal_packets", "packets_on_air", "limit_us", "ratio", "limit_transactions" };

    /// <summary>Keys of "allocation".</summary>
    public static readonly string[] AllocationKeys = { "idle_poll_cycles", "idle_poll_cycle_bytes", "apdu_exchanges", "nfc_short_apdu_bytes", "nfc_chained_apdu_bytes", "rfsim_apdu_bytes", "emv_read_transaction_bytes" };

    /// <summary>Keys of each "targets" item.</summary>
    public static readonly string[] TargetKeys = { "name", "description", "value", "comparison", "limit", "unit", "met", "measured" };

    /// <summary>Keys of the top-level "interpreted" object (how the interpreted figures were measured, or why not).</summary>
    public static readonly string[] InterpretedStatusKeys = { "measured", "reason", "nanoclr_dir", "ns_per_instruction" };

    /// <summary>Keys of each scenario's "interpreted" object (null when not measured).</summary>
    public static readonly string[] InterpretedKeys = { "instructions", "per_apdu_instructions", "estimated_cpu_us", "heap_peak_bytes", "heap_at_start_bytes", "harness_instructions", "with_replay_instructions", "startup_instructions", "tape_entries" };

    /// <summary>Keys of "idle_poll_cycle" (null when not measured).</summary>
    public static readonly string[] IdlePollKeys = { "polled_cycles", "instructions", "per_cycle_instructions", "estimated_cpu_us", "heap_peak_bytes" };

    public static string ToJson(BenchReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Write(json, report);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter json, BenchReport report)
    {
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);

        json.WriteStartObject("cost_model");
        json.WriteNumber("spi_call_overhead_us", report.SpiCallOverheadMicroseconds);
        json.WriteNumber("spi_clock_hz", report.SpiClockHertz);
        json.WriteNumber("uart_baud", report.UartBaudRate);
        json.WriteNumber("card_processing_us", report.CardProcessingMicroseconds);
        json.WriteEndObject();

        json.WriteStartArray("scenarios");
        foreach (ScenarioReport scenario in report.Scenarios)
        {
            json.WriteStartObject();
            json.WriteString("name", scenario.Name);
            json.WriteString("description", scenario.Description);
            json.WriteString("interface", scenario.Interface);
            json.WriteString("outcome", scenario.Result.Outcome);
            json.WriteNumber("bit_rate_kbps", scenario.Result.BitRateKbps);
            json.WriteNumber("apdu_count", scenario.Result.ApduCount);
            json.WriteNumber("response_bytes", scenario.Result.ResponseBytes);
            json.WriteNumber("record_bytes", scenario.Result.RecordBytes);
            json.WriteStartObject("total");
            WriteFigures(json, scenario.Total, scenario.Interpreted?.Instructions);
            json.WriteEndObject();
            json.WriteStartArray("phases");
            for (int index = 0; index < scenario.Phases.Count; index++)
            {
                PhaseFigures phase = scenario.Phases[index];
                json.WriteStartObject();
                json.WriteString("name", phase.Name);
                json.WriteString("kind", phase.Kind);
                WriteFigures(json, phase, scenario.PhaseInstructions(index));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            InterpretedFigures? interpreted = scenario.Interpreted;
            if (interpreted == null)
            {
                json.WriteNull("interpreted");
            }
            else
            {
                json.WriteStartObject("interpreted");
                json.WriteNumber("instructions", interpreted.Instructions);
                WriteNumber(json, "per_apdu_instructions", scenario.PerApduInstructions);
                json.WriteNumber("estimated_cpu_us", Round(InterpretedFigures.EstimatedMicroseconds(interpreted.Instructions), 0));
                WriteNumber(json, "heap_peak_bytes", interpreted.HeapPeakBytes);
                WriteNumber(json, "heap_at_start_bytes", interpreted.HeapAtStartBytes);
                json.WriteNumber("harness_instructions", interpreted.HarnessInstructions);
                json.WriteNumber("with_replay_instructions", interpreted.WithReplayInstructions);
                json.WriteNumber("startup_instructions", interpreted.StartupInstructions);
                json.WriteNumber("tape_entries", interpreted.TapeEntries);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartObject("isodep_fifo_exchange");
        json.WriteNumber("command_bytes", report.FifoExchangeCommandBytes);
        json.WriteNumber("response_bytes", report.FifoExchangeResponseBytes);
        json.WriteNumber("spi_transfers", report.FifoExchangeSpiTransfers);
        json.WriteNumber("spi_bytes", report.FifoExchangeSpiBytes);
        json.WriteEndObject();

        EsbFigures esb = report.Esb;
        json.WriteStartObject("rfsim_esb");
        json.WriteNumber("data_rate_bps", esb.DataRateBitsPerSecond);
        json.WriteNumber("address_width", esb.AddressWidth);
        json.WriteNumber("crc_bytes", esb.CrcLength);
        json.WriteNumber("command_bytes", esb.CommandBytes);
        json.WriteNumber("response_bytes", esb.ResponseBytes);
        json.WriteNumber("processing_us", esb.ProcessingMicroseconds);
        json.WriteNumber("round_trip_us", esb.RoundTripMicroseconds);
        json.WriteNumber("limit_us", Round(esb.LimitMicroseconds, 1));
        json.WriteNumber("raw_limit_us", Round(esb.RawLimitMicroseconds, 1));
        json.WriteNumber("ratio", Round(esb.Ratio, 4));
        json.WriteNumber("raw_ratio", Round(esb.RawRatio, 4));
        json.WriteNumber("limit_transactions", esb.LimitTransactions);
        json.WriteNumber("packets_on_air", esb.PacketsOnAir);
        json.WriteNumber("throughput_bytes_per_s", Round(esb.ThroughputBytesPerSecond, 0));
        double? withCpu = report.EsbRoundTripWithCpuMicroseconds(report.Scenario(BenchRunner.RfSimRoundTrip));
        WriteNumber(json, "round_trip_with_cpu_us", withCpu == null ? null : Round(withCpu.Value, 0));
        WriteNumber(json, "ratio_with_cpu", withCpu == null ? null : Round(withCpu.Value / esb.LimitMicroseconds, 4));
        json.WriteEndObject();

        RfSimLongCommandFigures longCommand = report.LongCommand;
        json.WriteStartObject("rfsim_261_byte_command");
        json.WriteString("outcome", longCommand.Outcome);
        json.WriteNumber("command_bytes", longCommand.CommandBytes);
        json.WriteNumber("response_bytes", longCommand.ResponseBytes);
        json.WriteNumber("processing_us", longCommand.ProcessingMicroseconds);
        json.WriteNumber("round_trip_us", longCommand.RoundTripMicroseconds);
        json.WriteNumber("reader_packets", longCommand.ReaderPackets);
        json.WriteNumber("minimal_packets", longCommand.MinimalPackets);
        json.WriteNumber("packets_on_air", longCommand.PacketsOnAir);
        json.WriteNumber("limit_us", Round(longCommand.LimitMicroseconds, 1));
        json.WriteNumber("ratio", Round(longCommand.Ratio, 4));
        json.WriteNumber("limit_transactions", longCommand.LimitTransactions);
        json.WriteEndObject();

        AllocationFigures allocation = report.Allocation;
        json.WriteStartObject("allocation");
        json.WriteNumber("idle_poll_cycles", allocation.IdleCycles);
        json.WriteNumber("idle_poll_cycle_bytes", Round(allocation.IdlePollCycleBytes, 1));
        json.WriteNumber("apdu_exchanges", allocation.ApduExchanges);
        json.WriteNumber("nfc_short_apdu_bytes", Round(allocation.NfcShortApduBytes, 1));
        json.WriteNumber("nfc_chained_apdu_bytes", Round(allocation.NfcChainedApduBytes, 1));
        json.WriteNumber("rfsim_apdu_bytes", Round(allocation.RfSimApduBytes, 1));
        json.WriteNumber("emv_read_transaction_bytes", Round(allocation.EmvReadTransactionBytes, 1));
        json.WriteEndObject();

        json.WriteStartArray("targets");
        foreach (TargetResult target in report.Targets)
        {
            json.WriteStartObject();
            json.WriteString("name", target.Name);
            json.WriteString("description", target.Description);
            json.WriteNumber("value", Round(target.Value, 4));
            json.WriteString("comparison", target.Comparison);
            json.WriteNumber("limit", target.Limit);
            json.WriteString("unit", target.Unit);
            json.WriteBoolean("met", target.Met);
            json.WriteBoolean("measured", target.Measured);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        InterpretedStatus status = report.Interpreted;
        json.WriteStartObject("interpreted");
        json.WriteBoolean("measured", status.Measured);
        json.WriteString("reason", status.Reason);
        json.WriteString("nanoclr_dir", status.NanoClrDirectory);
        json.WriteNumber("ns_per_instruction", status.NanosecondsPerInstruction);
        json.WriteEndObject();

        if (report.IdlePoll == null)
        {
            json.WriteNull("idle_poll_cycle");
        }
        else
        {
            json.WriteStartObject("idle_poll_cycle");
            json.WriteNumber("polled_cycles", report.IdlePoll.PolledCycles);
            json.WriteNumber("instructions", report.IdlePoll.Interpreted.Instructions);
            json.WriteNumber("per_cycle_instructions", report.IdlePoll.InstructionsPerCycle);
            json.WriteNumber("estimated_cpu_us", Round(InterpretedFigures.EstimatedMicroseconds(report.IdlePoll.InstructionsPerCycle), 1));
            WriteNumber(json, "heap_peak_bytes", report.IdlePoll.Interpreted.HeapPeakBytes);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value == null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value.Value);
        }
    }

    /// <summary>The figures; the four CPU keys are null when the interpreted bench did not run.</summary>
    private static void WriteFigures(Utf8JsonWriter json, PhaseFigures figures, long? instructions)
    {
        json.WriteNumber("modelled_us", figures.ModelledMicroseconds);
        json.WriteNumber("spi_transfers", figures.SpiTransfers);
        json.WriteNumber("spi_bytes", figures.SpiBytes);
        json.WriteNumber("air_us", figures.AirMicroseconds);
        json.WriteNumber("card_processing_us", figures.CardProcessingMicroseconds);
        json.WriteNumber("uart_us", figures.UartMicroseconds);
        json.WriteNumber("lower_bound_us", figures.LowerBoundMicroseconds);
        json.WriteNumber("overhead_us", figures.OverheadMicroseconds);
        json.WriteNumber("ratio", Round(figures.Ratio, 4));
        WriteNumber(json, "instructions", instructions);
        WriteNumber(json, "estimated_cpu_us", instructions == null ? null : Round(InterpretedFigures.EstimatedMicroseconds(instructions.Value), 0));
        WriteNumber(json, "modelled_with_cpu_us", instructions == null ? null : Round(BenchArithmetic.ModelledWithCpu(figures.ModelledMicroseconds, instructions.Value), 0));
        WriteNumber(json, "ratio_with_cpu", instructions == null ? null : Round(BenchArithmetic.RatioWithCpu(figures, instructions.Value), 4));
    }

    private static double Round(double value, int decimals) => System.Math.Round(value, decimals, System.MidpointRounding.AwayFromZero);
}
