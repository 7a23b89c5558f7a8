using System;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// Sectors and blocks of MIFARE Classic (MF1S50 8.6: 1K has 16 sectors of 4 blocks; MF1S70 8.6: 4K has 32 sectors
    /// of 4 blocks, then 8 sectors of 16 blocks). The last block of every sector is its trailer (keys, access bits).
    /// </summary>
    public static class MifareClassicLayout
    {
        /// <summary>Bytes in a block.</summary>
        public const int BlockSize = 16;

        /// <summary>Sectors of a 1K card.</summary>
        public const int Sectors1K = 16;

        /// <summary>Sectors of a 4K card.</summary>
        public const int Sectors4K = 40;

        /// <summary>Blocks of a 1K card (64) or a 4K card (256).</summary>
        public static int BlockCount(bool fourK)
        {
            return fourK ? 256 : 64;
        }

        /// <summary>Sectors of a 1K (16) or 4K (40) card.</summary>
        public static int SectorCount(bool fourK)
        {
            return fourK ? Sectors4K : Sectors1K;
        }

        /// <summary>Blocks in <paramref name="sector"/>: 4, or 16 for sectors 32..39 of a 4K card.</summary>
        public static int BlocksInSector(int sector)
        {
            CheckSector(sector);
            return sector < 32 ? 4 : 16;
        }

        /// <summary>The first block of <paramref name="sector"/>.</summary>
        public static int FirstBlock(int sector)
        {
            CheckSector(sector);
            return sector < 32 ? sector * 4 : 128 + ((sector - 32) * 16);
        }

        /// <summary>The trailer block of <paramref name="sector"/>.</summary>
        public static int TrailerBlock(int sector)
        {
            return FirstBlock(sector) + BlocksInSector(sector) - 1;
        }

        /// <summary>The sector holding <paramref name="block"/> (0..255).</summary>
        public static int SectorOf(int block)
        {
            if (block < 0 || block > 255)
            {
                throw new ArgumentOutOfRangeException("block");
            }

            return block < 128 ? block / 4 : 32 + ((block - 128) / 16);
        }

        /// <summary>True when <paramref name="block"/> is its sector's trailer.</summary>
        public static bool IsTrailer(int block)
        {
            return block == TrailerBlock(SectorOf(block));
        }

        private static void CheckSector(int sector)
        {
            if (sector < 0 || sector >= Sectors4K)
            {
                throw new ArgumentOutOfRangeException("sector");
            }
        }
    }
}
