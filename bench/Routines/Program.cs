using System;
using System.Diagnostics;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.RfSim;
using DualReader.Firmware.Tlv;

namespace DualReader.Bench.Routines
{
    /// <summary>An interface for the interface-call price.</summary>
    public interface IThing
    {
        int Get();
    }

    /// <summary>A class for the field-read and interface-call prices.</summary>
    public sealed class Thing : IThing
    {
        public int Field;
        private readonly int value = 1;

        public int Get()
        {
            return value;
        }
    }

    /// <summary>
    /// What single firmware routines and single interpreter operations cost on nanoCLR (bench/README.md): each
    /// measurement lies between two calls of <see cref="Mark"/>, and routines.sh runs this program under callgrind with
    /// <c>--dump-before</c> on the marker's native method, printing one count per part. Not part of `dualreader bench`.
    /// </summary>
    public static class Program
    {
        private static int sink;

        /// <summary>The callgrind part boundary (the native method behind Debugger.IsAttached).</summary>
        private static void Mark()
        {
            if (Debugger.IsAttached)
            {
                sink++;
            }
        }

        private static void Empty()
        {
        }

        /// <summary>The measurements, in callgrind parts 2 to 12 (routines.sh prints what each part is).</summary>
        public static void Main()
        {
            byte[] data = new byte[300];
            for (int index = 0; index < data.Length; index++)
            {
                data[index] = (byte)((index * 7) + 3);
            }

            byte[] output = new byte[2200];
            Thing thing = new Thing();
            IThing interfaceThing = thing;
            TransactionRecord record = BankCardRecord();
            FrameEncoder encoder = new FrameEncoder();

            // A READ RECORD answer: 70 { 57 (track 2), 5A (PAN), 5F24, 5F34, 9F1F, 9F07 }.
            byte[] tlv = new byte[]
            {
                0x70, 0x3A, 0x57, 0x13, 0x62, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78, 0xD2, 0x81, 0x22, 0x01, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x0F, 0x5A, 0x08, 0x62, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x5F, 0x24, 0x03, 0x28, 0x12,
                0x31, 0x5F, 0x34, 0x01, 0x01, 0x9F, 0x1F, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x9F, 0x07, 0x02, 0xFF, 0x00,
            };
            ulong k0;
            ulong k1;
            SipHash24.LoadKey(data, 0, out k0, out k1);
            int length;
            TlvElement element;
            int total = 0;
            ulong wide = 0;

            Mark();
            for (int index = 0; index < 1000; index++)
            {
            }

            Mark(); // part 2: empty loop, 1000 iterations
            for (int index = 0; index < 1000; index++)
            {
                Empty();
            }

            Mark(); // part 3: call of an empty static method, x1000
            for (int index = 0; index < 1000; index++)
            {
                sink += interfaceThing.Get();
            }

            Mark(); // part 4: interface call returning a field, added to a static field, x1000
            for (int index = 0; index < 1000; index++)
            {
                sink += thing.Field;
            }

            Mark(); // part 5: instance field read added to a static field, x1000
            for (int index = 0; index < 1000; index++)
            {
                total += data[index & 255];
            }

            Mark(); // part 6: byte array read and int add, x1000
            for (int index = 0; index < 1000; index++)
            {
                wide += (ulong)index ^ (wide << 13);
            }

            Mark(); // part 7: 64-bit shift, xor and add, x1000
            for (int index = 0; index < 16; index++)
            {
                SipHash24.Compute(k0, k1, data, 0, 24);
            }

            Mark(); // part 8: SipHash-2-4 of 24 bytes, x16
            for (int index = 0; index < 10; index++)
            {
                Crc16.Compute(data, 0, 230);
            }

            Mark(); // part 9: CRC-16 of 230 bytes, x10
            for (int index = 0; index < 10; index++)
            {
                Cobs.Encode(data, 0, 240, output, 0, output.Length);
            }

            Mark(); // part 10: COBS of 240 bytes, x10
            encoder.Encode(record, 7, output, 0, output.Length, out length);
            Mark(); // part 11: a bank card's transaction record encoded once
            for (int index = 0; index < 10; index++)
            {
                BerTlv.TryFindAnywhere(tlv, 0, tlv.Length, 0x9F07, out element);
            }

            Mark(); // part 12: BER-TLV search for the last tag of a 60-byte record, x10
            Console.WriteLine("routines done " + length.ToString() + " " + total.ToString() + " " + wide.ToString() + " " + sink.ToString());
        }

        /// <summary>A record like the bank card read's (masked PAN, label, balance, 10 timings).</summary>
        private static TransactionRecord BankCardRecord()
        {
            TransactionRecord record = new TransactionRecord();
            record.TimeMicroseconds = 123456789;
            record.Uid = new byte[] { 1, 2, 3, 4, 5, 6, 7 };
            record.Aid = new byte[] { 0xA0, 0, 0, 3, 0x33, 1, 1, 2 };
            record.PanMasked = "623456******7890";
            record.DurationMicroseconds = 100000;
            record.Ats = new byte[] { 0x13, 0x78, 0x80, 0x72, 2, 0x80, 0x31, 0x80, 0x66, 0xB0, 0x84, 0x12, 1, 0x6E, 1, 0x83, 0, 0x90, 0 };
            record.Atqa = new byte[] { 4, 0 };
            record.Sak = 0x20;
            record.ApplicationLabel = "UnionPay Debit";
            record.Expiry = "2812";
            record.HasBalance = true;
            record.BalanceMinorUnits = 12345;
            record.CurrencyCode = 156;
            record.ApplicationTransactionCounter = 32;
            record.LastStatusWord = 0x9000;
            for (int index = 0; index < 10; index++)
            {
                record.AddTiming(TimingPhase.Apdu, index, 1000);
            }

            return record;
        }
    }
}
