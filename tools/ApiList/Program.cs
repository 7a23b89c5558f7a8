using System;
using System.IO;

namespace DualReader.Tools.ApiList
{
    /// <summary>
    /// dotnet run --project tools/ApiList -- REFERENCE_FOLDER [OUTPUT]: writes the API listing of the reference
    /// assemblies in REFERENCE_FOLDER (e.g. ../shared/nanoclr/ref) to OUTPUT, or to standard output.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] arguments)
        {
            if (arguments.Length < 1 || arguments.Length > 2 || !Directory.Exists(arguments[0]))
            {
                Console.Error.WriteLine("usage: ApiList REFERENCE_FOLDER [OUTPUT]   (e.g. ../shared/nanoclr/ref tests/Pc/NanoCheck/api-v1.txt)");
                return 2;
            }

            string listing = ApiListWriter.Write(arguments[0]);
            if (arguments.Length == 2)
            {
                File.WriteAllText(arguments[1], listing);
            }
            else
            {
                Console.Out.Write(listing);
            }

            return 0;
        }
    }
}
